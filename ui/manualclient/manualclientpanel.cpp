#include "manualclient/manualclientpanel.h"

#include "manualclient/manualclienttab.h"
#include "manualclient/savedmessagestore.h"

#include <QIcon>
#include <QInputDialog>
#include <QPainter>
#include <QPixmap>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

QIcon dot(const QColor &colour)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    return QIcon(pixmap);
}

} // namespace

ManualClientPanel::ManualClientPanel(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_saved(new SavedMessageStore(this))
    , m_defaultUrl(QStringLiteral("ws://127.0.0.1:8080/ws?channel=general"))
{
    m_tabs->setObjectName(QStringLiteral("manualClientTabs"));
    m_tabs->setAccessibleName(tr("Manual clients"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    auto *add = new QToolButton(this);
    add->setObjectName(QStringLiteral("addManualClient"));
    add->setAccessibleName(tr("Add manual client"));
    add->setText(tr("+"));
    add->setToolTip(tr("Add a manual client (another user)"));
    add->setAutoRaise(true);
    m_tabs->setCornerWidget(add, Qt::TopRightCorner);
    m_tabs->tabBar()->setToolTip(tr("Double-click a tab to rename it"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    connect(add, &QToolButton::clicked, this, [this] {
        m_tabs->setCurrentWidget(addTab());
    });
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &ManualClientPanel::closeTab);
    connect(m_tabs, &QTabWidget::tabBarDoubleClicked, this, &ManualClientPanel::renameTab);
    addTab();
}

ManualClientPanel::~ManualClientPanel() = default;

QString ManualClientPanel::userName(int index)
{
    if (index < 26)
        return tr("User %1").arg(QChar(u'A' + index));
    return tr("User %1").arg(index + 1);
}

QString ManualClientPanel::nextName() const
{
    for (int i = 0;; ++i) {
        const QString name = userName(i);
        bool taken = false;
        for (int t = 0; t < m_tabs->count() && !taken; ++t)
            taken = m_tabs->tabText(t) == name;
        if (!taken)
            return name;
    }
}

ManualClientTab *ManualClientPanel::addTab(const QString &name)
{
    auto *tab = new ManualClientTab(m_saved, m_tabs);
    const QString title = name.isEmpty() ? nextName() : name;
    tab->setObjectName(QStringLiteral("manualClientTab"));
    tab->setAccessibleName(title);
    tab->setUrl(m_defaultUrl);
    const int index = m_tabs->addTab(tab, title);
    updateTabIcon(tab, ManualConnection::State::Unconnected);
    m_tabs->setTabToolTip(index, tr("%1: not connected").arg(title));
    connect(tab, &ManualClientTab::stateChanged, this, [this, tab](ManualConnection::State state) { updateTabIcon(tab, state); });
    return tab;
}

void ManualClientPanel::updateTabIcon(ManualClientTab *tab, ManualConnection::State state)
{
    const int index = m_tabs->indexOf(tab);
    if (index < 0)
        return;
    QColor colour(0x9e, 0x9e, 0x9e);
    if (state == ManualConnection::State::Open)
        colour = QColor(0x2e, 0x7d, 0x32);
    else if (state != ManualConnection::State::Unconnected)
        colour = QColor(0xef, 0x6c, 0x00);
    m_tabs->setTabIcon(index, dot(colour));
    m_tabs->setTabToolTip(index, tr("%1: %2").arg(m_tabs->tabText(index), ManualConnection::stateName(state)));
}

int ManualClientPanel::count() const
{
    return m_tabs->count();
}

ManualClientTab *ManualClientPanel::tab(int index) const
{
    return qobject_cast<ManualClientTab *>(m_tabs->widget(index));
}

QString ManualClientPanel::tabName(int index) const
{
    return m_tabs->tabText(index);
}

ManualClientTab *ManualClientPanel::currentTab() const
{
    return qobject_cast<ManualClientTab *>(m_tabs->currentWidget());
}

void ManualClientPanel::setDefaultUrl(const QUrl &url)
{
    const QString old = m_defaultUrl.toString();
    m_defaultUrl = url;
    for (int i = 0; i < m_tabs->count(); ++i) {
        ManualClientTab *t = tab(i);
        if (t && t->protocol() == ManualClientTab::Protocol::WebSocket && t->urlText() == old
            && t->connection()->state() == ManualConnection::State::Unconnected)
            t->setUrl(url);
    }
}

void ManualClientPanel::closeTab(int index)
{
    ManualClientTab *closing = tab(index);
    m_tabs->removeTab(index);
    if (closing) {
        // Kept (hidden) under the panel until its WebSocket has said goodbye, so the other users
        // see a clean leave rather than a dropped connection.
        closing->setParent(this);
        closing->hide();
        ManualConnection *connection = closing->connection();
        if (connection->protocol() == ManualConnection::Protocol::WebSocket && connection->isOpen()) {
            connect(connection, &ManualConnection::closed, closing, &QObject::deleteLater);
            QTimer::singleShot(5000, closing, &QObject::deleteLater); // the close grace is 2 s
            // RFC 6455 7.4.1: 1001 "going away", as a browser says when a page is closed.
            connection->close(1001, tr("tab closed"));
        } else {
            delete closing;
        }
    }
    if (m_tabs->count() == 0)
        addTab();
}

void ManualClientPanel::renameTab(int index)
{
    if (index < 0)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename manual client"), tr("Name:"), QLineEdit::Normal,
                                               m_tabs->tabText(index), &ok).trimmed();
    if (ok && !name.isEmpty()) {
        m_tabs->setTabText(index, name);
        m_tabs->widget(index)->setAccessibleName(name);
    }
}
