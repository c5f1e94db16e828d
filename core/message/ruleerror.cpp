#include "ruleerror.h"

QString RuleError::toString(const QString &basePath) const
{
    QString text = basePath + path;
    if (text.isEmpty())
        text = QStringLiteral("(the value)");
    if (inKey)
        text += QStringLiteral(" (key)");
    if (offset >= 0)
        text += QStringLiteral(", character %1").arg(offset);
    return text + QStringLiteral(": ") + message;
}
