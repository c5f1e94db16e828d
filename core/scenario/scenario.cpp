#include "scenario/scenario.h"

#include <QJsonArray>

#include <algorithm>
#include <vector>

namespace scenario {

namespace {

QJsonValue rendered(const QJsonValue &value, const QString &group, const QString &client)
{
    if (value.isString())
        return QString(value.toString()).replace(QLatin1String("{{client}}"), client).replace(QLatin1String("{{group}}"), group);
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(rendered(item, group, client));
        return array;
    }
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = rendered(it.value(), group, client);
        return object;
    }
    return value;
}

} // namespace

QJsonObject JwtTokens::claimsFor(const QString &group, int clientNumber) const
{
    return rendered(claims, group, QString::number(clientNumber)).toObject();
}

QString Group::userFor(int clientNumber) const
{
    QString rendered = user;
    return rendered.replace(QLatin1String("{{client}}"), QString::number(clientNumber)).replace(QLatin1String("{{group}}"), name);
}

QString Group::channelFor(int clientIndex) const
{
    if (channels <= 1)
        return channel;
    return channel + QLatin1Char('-') + QString::number(clientIndex % channels);
}

milliseconds Scenario::effectiveDuration() const
{
    if (duration)
        return *duration;
    milliseconds longest{0};
    for (const Group &group : groups)
        longest = std::max(longest, group.phases.total());
    for (const FaultStep &fault : faults)
        longest = std::max(longest, fault.at + fault.duration);
    return longest;
}

qint64 Scenario::peakClients() const
{
    const milliseconds end = effectiveDuration();
    struct Span
    {
        milliseconds from;
        milliseconds to;
        qint64 clients;
    };
    std::vector<Span> spans;
    for (const Group &group : groups) {
        // As ClientPool schedules them: a group with neither hold nor ramp-down stays to the end.
        const bool holdsToTheEnd = group.phases.hold.count() == 0 && group.phases.rampDown.count() == 0;
        milliseconds arrival = group.phases.rampUp;
        if (group.arrivalsPerSecond && *group.arrivalsPerSecond > 0)
            arrival = milliseconds(qint64(double(group.clients - 1) * 1000.0 / *group.arrivalsPerSecond));
        const milliseconds to = holdsToTheEnd ? std::max(end, group.phases.delay) : group.phases.delay + arrival + group.phases.hold + group.phases.rampDown;
        spans.push_back({group.phases.delay, to, group.clients});
    }
    // The sum is highest at some group's start. Closed spans: a group that leaves as another
    // arrives counts with both (leaving clients ramp down; an upper bound is what is wanted).
    qint64 peak = 0;
    for (const Span &at : spans) {
        qint64 sum = 0;
        for (const Span &span : spans) {
            if (span.from <= at.from && at.from <= span.to)
                sum += span.clients;
        }
        peak = std::max(peak, sum);
    }
    return peak;
}

bool Scenario::usesTarget() const
{
    return std::any_of(groups.cbegin(), groups.cend(), [](const Group &group) { return !group.usesUrl(); });
}

QStringList Scenario::groupUrls() const
{
    QStringList urls;
    for (const Group &group : groups)
        if (group.usesUrl() && !urls.contains(group.urlText))
            urls.append(group.urlText);
    return urls;
}

} // namespace scenario
