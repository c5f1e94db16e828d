#pragma once

#include <QJsonValue>
#include <QString>

class QPlainTextEdit;
class QWidget;

// The manual client's small JSON editors (Socket.IO auth and arguments, GraphQL variables and
// connection_init payload): a fixed-width box a few lines high, and reading it back as the one
// JSON type it must hold.
namespace JsonField {

QPlainTextEdit *create(QWidget *parent, const char *objectName, const QString &accessibleName,
                       const QString &placeholder, int lines);

// The box's JSON, which must be of `type` (Object or Array). Empty text is Undefined (no value,
// no error). On a problem returns Undefined and sets *error to it, naming the box, with
// the line and column ("line 1, column 9: unterminated object").
QJsonValue read(const QPlainTextEdit *box, QJsonValue::Type type, QString *error);

// A value as one line for the summaries and logs: objects and arrays as compact JSON, a string
// as itself, a number or boolean as its text.
QString text(const QJsonValue &value);

} // namespace JsonField
