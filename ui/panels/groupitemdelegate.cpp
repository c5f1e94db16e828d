#include "groupitemdelegate.h"

#include "panels/grouptablemodel.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHelpEvent>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolTip>

QWidget *GroupItemDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    switch (index.column()) {
    case GroupTableModel::Protocol:
    case GroupTableModel::Jitter: {
        auto *combo = new QComboBox(parent);
        combo->setObjectName(QStringLiteral("groupChoiceEditor"));
        const auto choices = index.column() == GroupTableModel::Protocol ? GroupTableModel::protocolChoices() : GroupTableModel::jitterChoices();
        for (const auto &[key, label] : choices)
            combo->addItem(label, key);
        return combo;
    }
    case GroupTableModel::Clients:
    case GroupTableModel::PayloadBytes: {
        auto *spin = new QSpinBox(parent);
        spin->setObjectName(QStringLiteral("groupNumberEditor"));
        // The schema's ranges (resources/scenario.schema.json).
        if (index.column() == GroupTableModel::Clients)
            spin->setRange(1, 100000);
        else
            spin->setRange(0, 64 * 1024 * 1024);
        spin->setGroupSeparatorShown(true);
        spin->setAccelerated(true);
        return spin;
    }
    case GroupTableModel::SendRate: {
        auto *spin = new QDoubleSpinBox(parent);
        spin->setObjectName(QStringLiteral("groupRateEditor"));
        spin->setRange(0, 100000);
        spin->setDecimals(3);
        return spin;
    }
    default: {
        QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto *line = qobject_cast<QLineEdit *>(editor)) {
            if (index.column() == GroupTableModel::Churn)
                line->setPlaceholderText(tr("none, 5/s, exponential 10s ..."));
            else if (index.column() == GroupTableModel::Hold)
                line->setPlaceholderText(tr("until the end"));
        }
        return editor;
    }
    }
}

void GroupItemDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QVariant value = index.data(Qt::EditRole);
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        combo->setCurrentIndex(std::max(0, combo->findData(value.toString())));
        return;
    }
    if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->setValue(value.toInt());
        return;
    }
    if (auto *spin = qobject_cast<QDoubleSpinBox *>(editor)) {
        spin->setValue(value.toDouble());
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void GroupItemDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        model->setData(index, combo->currentData());
        return;
    }
    if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->interpretText();
        model->setData(index, spin->value());
        return;
    }
    if (auto *spin = qobject_cast<QDoubleSpinBox *>(editor)) {
        spin->interpretText();
        model->setData(index, spin->value());
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}

bool GroupItemDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event && event->type() == QEvent::ToolTip && index.isValid() && index.data(Qt::ToolTipRole).isNull()) {
        // The width the text needs on one line (font, margins); with word wrap on, a size hint
        // would be bounded by the cell's own width.
        QStyleOptionViewItem oneLine = option;
        oneLine.features &= ~QStyleOptionViewItem::WrapText;
        oneLine.rect = QRect();
        const QString text = index.data(Qt::DisplayRole).toString();
        if (!text.isEmpty() && sizeHint(oneLine, index).width() > option.rect.width()) {
            QToolTip::showText(event->globalPos(), text, view, option.rect);
            return true;
        }
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}
