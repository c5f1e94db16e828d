#include "templatetext.h"

#include <QJsonArray>
#include <QJsonObject>

bool TemplateText::canWriteText(QStringView text)
{
    return !text.contains(u"{{");
}

bool TemplateText::canWrite(const QJsonValue &value)
{
    if (value.isString())
        return canWriteText(value.toString());
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        return std::all_of(array.begin(), array.end(), [](const QJsonValue &element) { return canWrite(element); });
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (!canWriteText(it.key()) || !canWrite(it.value()))
                return false;
        }
    }
    return true;
}

bool TemplateText::needsWrapping(const QJsonValue &value)
{
    // MessageTemplate::fromJson(): an object of exactly one of these keys is a form.
    if (!value.isObject() || value.toObject().size() != 1)
        return false;
    const QString key = value.toObject().constBegin().key();
    return key == u"text" || key == u"base64" || key == u"json";
}

QJsonValue TemplateText::forJson(const QJsonValue &value)
{
    if (needsWrapping(value))
        return QJsonObject{{QStringLiteral("json"), value}};
    return value;
}
