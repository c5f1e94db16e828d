#include "inspector/framefilter.h"

#include <QCoreApplication>
#include <QLatin1StringView>

namespace {

bool isAscii(const QString &text)
{
    for (QChar c : text) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

} // namespace

void FrameFilter::setText(const QString &text, bool regularExpression)
{
    m_text = text;
    m_regex = regularExpression;
    m_textLatin1.clear();
    m_expression = QRegularExpression();
    if (m_text.isEmpty())
        return;
    if (m_regex) {
        m_expression = QRegularExpression(m_text, QRegularExpression::CaseInsensitiveOption
                                                      | QRegularExpression::DontCaptureOption);
        m_expression.optimize();
    } else if (isAscii(m_text)) {
        // ASCII needles are searched in the UTF-8 bytes directly: case-insensitive ASCII
        // comparison cannot match inside a multi-byte sequence, and nothing is converted.
        m_textLatin1 = m_text.toLatin1();
    }
}

void FrameFilter::setType(const QString &type)
{
    m_type = type.trimmed();
    m_typeIsPrefix = m_type.endsWith(QLatin1String(".*"));
    if (m_typeIsPrefix)
        m_type.chop(1); // "chat.*" matches what starts with "chat."
}

void FrameFilter::setConnection(quint64 connectionId)
{
    m_connection = connectionId;
}

void FrameFilter::setDirection(DirectionFilter direction)
{
    m_direction = direction;
}

void FrameFilter::setDataOnly(bool dataOnly)
{
    m_dataOnly = dataOnly;
}

bool FrameFilter::isValid() const
{
    return !m_regex || m_text.isEmpty() || m_expression.isValid();
}

QString FrameFilter::errorString() const
{
    if (isValid())
        return {};
    return QCoreApplication::translate("FrameFilter", "Invalid regular expression at character %1: %2")
        .arg(m_expression.patternErrorOffset() + 1)
        .arg(m_expression.errorString());
}

bool FrameFilter::isEmpty() const
{
    return m_text.isEmpty() && m_type.isEmpty() && m_connection == 0 && m_direction == DirectionFilter::Both && !m_dataOnly;
}

bool FrameFilter::textMatches(const FrameRecord &frame, const FrameDecoder::Result &decoded) const
{
    if (m_regex) {
        return m_expression.match(QStringView(frame.type)).hasMatch()
            || (decoded.isDecoded() && m_expression.match(QStringView(decoded.type)).hasMatch())
            || m_expression.match(QStringView(frame.channel)).hasMatch()
            || m_expression.match(QStringView(frame.connectionLabel)).hasMatch()
            || m_expression.match(QString::fromUtf8(frame.payload)).hasMatch();
    }
    if (frame.type.contains(m_text, Qt::CaseInsensitive) || decoded.type.contains(m_text, Qt::CaseInsensitive)
        || frame.channel.contains(m_text, Qt::CaseInsensitive)
        || frame.connectionLabel.contains(m_text, Qt::CaseInsensitive)) {
        return true;
    }
    if (!m_textLatin1.isEmpty()) {
        return QLatin1StringView(frame.payload.constData(), frame.payload.size())
            .contains(QLatin1StringView(m_textLatin1), Qt::CaseInsensitive);
    }
    return QString::fromUtf8(frame.payload).contains(m_text, Qt::CaseInsensitive);
}

bool FrameFilter::matches(const FrameRecord &frame, const FrameDecoder::Result &decoded) const
{
    if (m_dataOnly && decoded.control)
        return false;
    if (m_connection != 0 && frame.connectionId != m_connection)
        return false;
    if (m_direction == DirectionFilter::ClientToServer && frame.direction != FrameRecord::Direction::ClientToServer)
        return false;
    if (m_direction == DirectionFilter::ServerToClient && frame.direction != FrameRecord::Direction::ServerToClient)
        return false;
    if (!m_type.isEmpty()) {
        // The envelope's type, or the decoded one: `EVENT "chat"`, "ACK", "next".
        const auto typeMatches = [this](const QString &type) {
            return m_typeIsPrefix ? type.startsWith(m_type) : type == m_type;
        };
        if (!typeMatches(frame.type) && !(decoded.isDecoded() && typeMatches(decoded.name)))
            return false;
    }
    if (m_text.isEmpty() || !isValid())
        return true;
    return textMatches(frame, decoded);
}

bool FrameFilter::operator==(const FrameFilter &other) const
{
    return m_text == other.m_text && m_regex == other.m_regex && m_type == other.m_type
        && m_typeIsPrefix == other.m_typeIsPrefix && m_connection == other.m_connection
        && m_direction == other.m_direction && m_dataOnly == other.m_dataOnly;
}
