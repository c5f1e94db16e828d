#include "mainwindow.h"

#include "server/server.h"
#include "session/embeddedserverhost.h"

#include <QActionGroup>
#include <QClipboard>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

using namespace std::chrono_literals;

MainWindow::MainWindow(EmbeddedServerHost &host, QWidget *parent)
    : QMainWindow(parent)
    , m_host(host)
{
    setWindowTitle(tr("SocketScope"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    auto *form = new QFormLayout;
    m_address = new QLabel(central);
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pageUrl = new QLabel(central);
    m_pageUrl->setObjectName(QStringLiteral("pageUrl"));
    m_pageUrl->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *copy = new QPushButton(tr("Copy URL"), central);
    copy->setAccessibleName(tr("Copy the browser page URL"));
    connect(copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_pageUrl->text());
    });
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_pageUrl, 1);
    urlRow->addWidget(copy);
    m_state = new QLabel(central);
    m_webSocket = new QLabel(central);
    m_webSocket->setObjectName(QStringLiteral("webSocketCount"));
    m_sse = new QLabel(central);
    m_sse->setObjectName(QStringLiteral("sseCount"));
    m_poll = new QLabel(central);
    m_published = new QLabel(central);
    form->addRow(tr("Server"), m_address);
    form->addRow(tr("Browser page"), urlRow);
    form->addRow(tr("State"), m_state);
    form->addRow(tr("WebSocket connections"), m_webSocket);
    form->addRow(tr("SSE streams"), m_sse);
    form->addRow(tr("Waiting long polls"), m_poll);
    form->addRow(tr("Messages published / delivered"), m_published);
    layout->addLayout(form);
    layout->addStretch(1);
    setCentralWidget(central);
    buildSettingsMenu();
    resize(560, 280);

    m_refresh = new QTimer(this);
    m_refresh->setInterval(100ms);
    connect(m_refresh, &QTimer::timeout, this, &MainWindow::refresh);
    m_refresh->start();
    refresh();
}

QString MainWindow::eventLoopSettingsKey()
{
    return QStringLiteral("advanced/eventLoop");
}

void MainWindow::buildSettingsMenu()
{
    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    QMenu *loop = settings->addMenu(tr("Worker &event loop"));
    loop->setObjectName(QStringLiteral("eventLoopMenu"));
    loop->setToolTipsVisible(true);
    auto *group = new QActionGroup(this);
    const QString current = m_host.config().eventLoop == ServerConfig::EventLoop::Qt ? QStringLiteral("qt")
                                                                                          : QStringLiteral("epoll");
    const struct { QString name; QString text; QString tip; } choices[] = {
        {QStringLiteral("epoll"), tr("epoll (fast at tens of thousands of connections)"),
         tr("SocketScope's own epoll event loop: the cost of a wake-up does not grow with open connections")},
        {QStringLiteral("qt"), tr("Qt stock (to compare)"),
         tr("Qt's own event dispatcher: polls every socket on every wake-up")},
    };
    for (const auto &choice : choices) {
        QAction *action = loop->addAction(choice.text);
        action->setObjectName(QStringLiteral("eventLoop_") + choice.name);
        action->setToolTip(choice.tip);
        action->setCheckable(true);
        action->setChecked(choice.name == current);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, name = choice.name] {
            QSettings().setValue(eventLoopSettingsKey(), name);
            statusBar()->showMessage(tr("The %1 event loop applies the next time SocketScope starts.").arg(name));
        });
    }
}

void MainWindow::refresh()
{
    const QString host = m_host.config().address.toString();
    m_address->setText(QStringLiteral("%1:%2").arg(host).arg(m_host.port()));
    m_pageUrl->setText(QStringLiteral("http://%1:%2/").arg(host).arg(m_host.port()));
    Server *server = m_host.server();
    m_state->setText(server && server->isListening() ? tr("listening") : tr("not listening"));
    const ServerStats stats = server ? server->stats() : ServerStats();
    m_webSocket->setText(QString::number(stats.openWebSocket));
    m_sse->setText(QString::number(stats.openSse));
    m_poll->setText(QString::number(stats.openPoll));
    m_published->setText(QStringLiteral("%1 / %2").arg(stats.messagesPublished).arg(stats.messagesDelivered));
}
