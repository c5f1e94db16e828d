#include "duration.h"

#include <cmath>

std::optional<std::chrono::microseconds> Duration::parse(QStringView text)
{
    text = text.trimmed();
    qsizetype unitStart = 0;
    while (unitStart < text.size() && (text[unitStart].isDigit() || text[unitStart] == u'.'))
        ++unitStart;
    if (unitStart == 0 || unitStart == text.size())
        return std::nullopt;
    bool ok = false;
    const double number = text.first(unitStart).toDouble(&ok);
    if (!ok || !std::isfinite(number) || number < 0)
        return std::nullopt;
    const QStringView unit = text.sliced(unitStart);
    double micros = 0;
    if (unit == u"us")
        micros = number;
    else if (unit == u"ms")
        micros = number * 1e3;
    else if (unit == u"s")
        micros = number * 1e6;
    else if (unit == u"m")
        micros = number * 60e6;
    else if (unit == u"h")
        micros = number * 3600e6;
    else
        return std::nullopt;
    if (micros > 1e15)
        return std::nullopt;
    return std::chrono::microseconds(qint64(std::llround(micros)));
}

std::optional<std::chrono::milliseconds> Duration::parseMs(QStringView text)
{
    const auto micros = parse(text);
    if (!micros)
        return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(*micros);
}

QString Duration::format(std::chrono::microseconds duration)
{
    const qint64 us = duration.count();
    if (us % 3'600'000'000 == 0 && us != 0)
        return QString::number(us / 3'600'000'000) + QStringLiteral("h");
    if (us % 60'000'000 == 0 && us != 0)
        return QString::number(us / 60'000'000) + QStringLiteral("m");
    if (us % 1'000'000 == 0)
        return QString::number(us / 1'000'000) + QStringLiteral("s");
    if (us % 1000 == 0)
        return QString::number(us / 1000) + QStringLiteral("ms");
    return QString::number(us) + QStringLiteral("us");
}

QString Duration::expectedForm()
{
    return QStringLiteral("a duration such as \"500ms\", \"30s\" or \"2m\" (units: us, ms, s, m, h)");
}
