#pragma once

#include <QStyledItemDelegate>

// Editors for the group table: lists for the protocol and the jitter, spin boxes with the
// schema's ranges for counts and rates, plain text for durations and churn (the model checks
// what is typed and says what was wrong). A cell the view cuts short ("…") shows its whole
// text as its tooltip when the model has none of its own.
class GroupItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option, const QModelIndex &index) override;
};
