#pragma once

#include <QChartView>
#include <QString>

// What every chart of the chart panel shares: no animation, no OpenGL (QChart::NoAnimation and
// plain raster keep a 10 Hz replace() cheap and work on the offscreen platform), colours from
// the application palette (re-applied on QEvent::PaletteChange), and export of what the chart
// shows as PNG or SVG. Subclasses fill it from their data in refresh(), called by the panel's
// repaint timer only while the chart is dirty and visible.
class ChartView : public QChartView
{
    Q_OBJECT
public:
    explicit ChartView(const QString &title, QWidget *parent = nullptr);

    QString title() const { return m_title; }

    // Brings the series up to date with the data (one replace() per series).
    virtual void refresh() = 0;
    bool isDirty() const { return m_dirty; }

    // Writes the chart to `path`: PNG or SVG by the file's suffix. False with `error` set when
    // the suffix is neither or the file cannot be written.
    bool exportTo(const QString &path, QString *error = nullptr);

Q_SIGNALS:
    // The chart's context menu asked for an export in this format ("png" or "svg").
    void exportRequested(const QString &format);

protected:
    void changeEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    // Re-colours the chart for the current palette; subclasses add their series' colours.
    virtual void applyTheme();
    void setDirty() { m_dirty = true; }
    void clearDirty() { m_dirty = false; }

private:
    QSizeF exportSize();

    QString m_title;
    bool m_dirty = true;
};
