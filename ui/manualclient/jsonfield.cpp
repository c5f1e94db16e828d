#include "manualclient/jsonfield.h"

#include "manualclient/manualclienttab.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>

namespace JsonField {

QPlainTextEdit *create(QWidget *parent, const char *objectName, const QString &accessibleName,
                       const QString &placeholder, int lines)
{
    auto *box = new QPlainTextEdit(parent);
    box->setObjectName(QLatin1String(objectName));
    box->setAccessibleName(accessibleName);
    box->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    box->setPlaceholderText(placeholder);
    box->setTabChangesFocus(true);
    box->setMinimumHeight(box->fontMetrics().height() * lines + 12);
    return box;
}

QJsonValue read(const QPlainTextEdit *box, QJsonValue::Type type, QString *error)
{
    const QString text = box->toPlainText();
    if (text.trimmed().isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    if (const QString problem = ManualClientTab::checkJson(text); !problem.isEmpty()) {
        *error = QCoreApplication::translate("JsonField", "%1: invalid JSON at %2").arg(box->accessibleName(), problem);
        return QJsonValue(QJsonValue::Undefined);
    }
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (type == QJsonValue::Object && !document.isObject()) {
        *error = QCoreApplication::translate("JsonField", "%1: must be a JSON object {...}").arg(box->accessibleName());
        return QJsonValue(QJsonValue::Undefined);
    }
    if (type == QJsonValue::Array && !document.isArray()) {
        *error = QCoreApplication::translate("JsonField", "%1: must be a JSON array [...]").arg(box->accessibleName());
        return QJsonValue(QJsonValue::Undefined);
    }
    return document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
}

QString text(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return value.toVariant().toString();
}

} // namespace JsonField
