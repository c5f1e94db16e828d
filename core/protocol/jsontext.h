#pragma once

#include <QByteArrayView>
#include <QString>

// JSON text as people read it in the window (the inspector's detail pane, the manual client).
namespace JsonText {

// Valid JSON re-indented (4 spaces) with its members in the order they came: parsing into a
// QJsonObject would sort the keys, and the order a peer sent is part of what is debugged.
QString indent(QByteArrayView json);

} // namespace JsonText
