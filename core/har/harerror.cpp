#include "harerror.h"

QString HarError::toString() const
{
    return path.isEmpty() ? message : path + QStringLiteral(": ") + message;
}
