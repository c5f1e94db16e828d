#pragma once

#include <QJsonValue>
#include <QStringView>

// What a recorded message must look like to go into a scenario as a TEMPLATE
// (core/message/messagetemplate.h, docs/scenarios.md "Templates"), which reads "{{" as the start
// of a placeholder and has no escape for it, and reads an object of the one key text, base64 or
// json as a form rather than as a message.
class TemplateText
{
public:
    // No "{{" in any string or key: a template can send it as recorded.
    static bool canWrite(const QJsonValue &value);
    static bool canWriteText(QStringView text);
    // `value` as the template that sends it: the value itself, or {"json": value} when it is
    // literally {"text": ...}, {"base64": ...} or {"json": ...}.
    static QJsonValue forJson(const QJsonValue &value);
    // forJson() wrapped the value: its members' paths go one level deeper (".json").
    static bool needsWrapping(const QJsonValue &value);
};
