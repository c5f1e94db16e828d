#include "chartview.h"

#include "charttheme.h"

#include <QChart>
#include <QContextMenuEvent>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QImage>
#include <QImageWriter>
#include <QMenu>
#include <QPainter>
#include <QSvgGenerator>

ChartView::ChartView(const QString &title, QWidget *parent)
    : QChartView(parent)
    , m_title(title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->layout()->setContentsMargins(2, 2, 2, 2);
    chart->setMargins(QMargins(4, 4, 4, 4));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 220);
    setAccessibleName(title);
    setContextMenuPolicy(Qt::DefaultContextMenu);
}

void ChartView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
    QChartView::changeEvent(event);
}

void ChartView::applyTheme()
{
    ChartTheme::apply(chart(), palette());
    setBackgroundBrush(palette().color(QPalette::Base));
}

void ChartView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    QAction *png = menu.addAction(tr("Export as PNG…"));
    png->setObjectName(QStringLiteral("exportPng"));
    QAction *svg = menu.addAction(tr("Export as SVG…"));
    svg->setObjectName(QStringLiteral("exportSvg"));
    QAction *chosen = menu.exec(event->globalPos());
    if (chosen == png)
        Q_EMIT exportRequested(QStringLiteral("png"));
    else if (chosen == svg)
        Q_EMIT exportRequested(QStringLiteral("svg"));
}

QSizeF ChartView::exportSize()
{
    // A chart that was never shown has no useful size yet; give it one a report can use.
    QSizeF size = chart()->size();
    if (size.width() < 200 || size.height() < 150) {
        size = QSizeF(960, 480);
        chart()->resize(size);
    }
    // The plot area is laid out lazily (a posted layout request); export what the size gives.
    chart()->layout()->activate();
    return size;
}

bool ChartView::exportTo(const QString &path, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != u"png" && suffix != u"svg")
        return fail(tr("%1: unknown export format \"%2\" (use .png or .svg)").arg(path, suffix));
    refresh();
    const QSizeF size = exportSize();
    const QRectF source = chart()->mapRectToScene(QRectF(QPointF(0, 0), size));

    if (suffix == u"png") {
        // Twice the pixels: charts in reports and slides are looked at closely.
        constexpr qreal scale = 2.0;
        QImage image((size * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(scale);
        image.fill(palette().color(QPalette::Base));
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::TextAntialiasing);
            scene()->render(&painter, QRectF(QPointF(0, 0), size), source);
        }
        QImageWriter writer(path, "png");
        if (!writer.write(image))
            return fail(tr("%1: %2").arg(path, writer.errorString()));
        return true;
    }

    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(size.toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), size));
    generator.setTitle(m_title);
    generator.setDescription(tr("SocketScope chart"));
    QPainter painter;
    if (!painter.begin(&generator))
        return fail(tr("%1: the file could not be written").arg(path));
    painter.setRenderHint(QPainter::Antialiasing);
    scene()->render(&painter, QRectF(QPointF(0, 0), size), source);
    if (!painter.end())
        return fail(tr("%1: the file could not be written").arg(path));
    // QSvgGenerator reports no I/O errors of its own; an empty file means nothing was written.
    if (QFileInfo(path).size() == 0)
        return fail(tr("%1: the file could not be written").arg(path));
    return true;
}
