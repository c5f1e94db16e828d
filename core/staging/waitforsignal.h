#pragma once

#include <QEventLoop>
#include <QObject>
#include <QTimer>

#include <chrono>

// Runs this thread's event loop until `object` emits `done` or `failed`, or `timeout` passes;
// the staging classes' waitFor...() for command-line tools and tests. The caller then reads its
// own state to tell which it was.
template<typename Object, typename DoneSignal, typename FailedSignal>
void waitForSignal(Object *object, DoneSignal done, FailedSignal failed, std::chrono::milliseconds timeout)
{
    QEventLoop loop;
    QObject::connect(object, done, &loop, &QEventLoop::quit);
    QObject::connect(object, failed, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    loop.exec();
}
