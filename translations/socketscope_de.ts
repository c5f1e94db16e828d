<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ChartPanel</name>
    <message>
        <source>Live charts</source>
        <translation>Live-Diagramme</translation>
    </message>
    <message>
        <source>Chart time window</source>
        <translation>Zeitfenster des Diagramms</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>Letzte Minute</translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation>Letzte 5 Minuten</translation>
    </message>
    <message>
        <source>Last 30 minutes</source>
        <translation>Letzte 30 Minuten</translation>
    </message>
    <message>
        <source>Whole run</source>
        <translation>Ganzer Lauf</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>&amp;Zeitfenster:</translation>
    </message>
    <message>
        <source>Pause view</source>
        <translation>Ansicht pausieren</translation>
    </message>
    <message>
        <source>Pause chart view</source>
        <translation>Diagrammansicht pausieren</translation>
    </message>
    <message>
        <source>Freeze the charts to look at them; measuring goes on and shows again on resume.</source>
        <translation>Diagramme anhalten, um sie zu betrachten; die Messung läuft weiter und wird beim Fortsetzen wieder angezeigt.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Export a chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>Chart view status</source>
        <translation>Status der Diagrammansicht</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>Connections open</source>
        <translation>Offene Verbindungen</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>SSE</source>
        <translation>SSE</translation>
    </message>
    <message>
        <source>Long poll</source>
        <translation>Long Poll</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Veröffentlichen</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Churn</source>
        <translation>Verbindungswechsel</translation>
    </message>
    <message>
        <source>opened/s</source>
        <translation>geöffnet/s</translation>
    </message>
    <message>
        <source>closed/s</source>
        <translation>geschlossen/s</translation>
    </message>
    <message>
        <source>reconnects/s</source>
        <translation>Neuverbindungen/s</translation>
    </message>
    <message>
        <source>failed/s</source>
        <translation>fehlgeschlagen/s</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>pro Sekunde</translation>
    </message>
    <message>
        <source>Delivery latency</source>
        <translation>Zustellungslatenz</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p90</source>
        <translation>p90</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>max</source>
        <translation>max</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Durchsatz</translation>
    </message>
    <message>
        <source>messages sent/s</source>
        <translation>gesendete Nachrichten/s</translation>
    </message>
    <message>
        <source>messages received/s</source>
        <translation>empfangene Nachrichten/s</translation>
    </message>
    <message>
        <source>bytes sent/s</source>
        <translation>gesendete Bytes/s</translation>
    </message>
    <message>
        <source>bytes received/s</source>
        <translation>empfangene Bytes/s</translation>
    </message>
    <message>
        <source>messages/s</source>
        <translation>Nachrichten/s</translation>
    </message>
    <message>
        <source>bytes/s</source>
        <translation>Bytes/s</translation>
    </message>
    <message>
        <source>Delivery health (totals)</source>
        <translation>Zustellungsqualität (Summen)</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>verloren</translation>
    </message>
    <message>
        <source>duplicated</source>
        <translation>doppelt</translation>
    </message>
    <message>
        <source>out of order</source>
        <translation>außer der Reihe</translation>
    </message>
    <message>
        <source>messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Resume view</source>
        <translation>Ansicht fortsetzen</translation>
    </message>
    <message>
        <source>View paused; measuring goes on.</source>
        <translation>Ansicht pausiert; die Messung läuft weiter.</translation>
    </message>
    <message>
        <source>Resolution: %1 s per point.</source>
        <translation>Auflösung: %1 s pro Punkt.</translation>
    </message>
    <message>
        <source>Resolution: 100 ms per point.</source>
        <translation>Auflösung: 100 ms pro Punkt.</translation>
    </message>
    <message>
        <source>There is no chart number %1 (0 to %2).</source>
        <translation>Es gibt kein Diagramm Nummer %1 (0 bis %2).</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <source>Export chart: %1</source>
        <translation>Diagramm exportieren: %1</translation>
    </message>
    <message>
        <source>The chart was not written</source>
        <translation>Das Diagramm wurde nicht geschrieben</translation>
    </message>
    <message>
        <source>Socket.IO</source>
        <translation>Socket.IO</translation>
    </message>
    <message>
        <source>GraphQL</source>
        <translation>GraphQL</translation>
    </message>
    <message>
        <source>instance %1</source>
        <translation>Instanz %1</translation>
    </message>
    <message>
        <source>broker round trip</source>
        <translation>Broker-Umlaufzeit</translation>
    </message>
    <message>
        <source>Server instances: connections</source>
        <translation>Server-Instanzen: Verbindungen</translation>
    </message>
    <message>
        <source>Server instances: deliveries/s</source>
        <translation>Server-Instanzen: Zustellungen/s</translation>
    </message>
    <message>
        <source>Server instances: cross-instance latency</source>
        <translation>Server-Instanzen: Latenz zwischen Instanzen</translation>
    </message>
    <message>
        <source>joins/s</source>
        <translation>beigetreten/s</translation>
    </message>
    <message>
        <source>leaves/s</source>
        <translation>verlassen/s</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <source>Export as PNG…</source>
        <translation>Als PNG exportieren…</translation>
    </message>
    <message>
        <source>Export as SVG…</source>
        <translation>Als SVG exportieren…</translation>
    </message>
    <message>
        <source>%1: unknown export format &quot;%2&quot; (use .png or .svg)</source>
        <translation>%1: unbekanntes Exportformat „%2“ (.png oder .svg verwenden)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>SocketScope chart</source>
        <translation>SocketScope-Diagramm</translation>
    </message>
    <message>
        <source>%1: the file could not be written</source>
        <translation>%1: Die Datei konnte nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>ChildProcess</name>
    <message>
        <source>%1 is already running</source>
        <translation>%1 läuft bereits</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
</context>
<context>
    <name>ClientSocket</name>
    <message>
        <source>unsupported URL scheme &quot;%1&quot; (http, https, ws or wss)</source>
        <translation>nicht unterstütztes URL-Schema „%1“ (http, https, ws oder wss)</translation>
    </message>
    <message>
        <source>TLS is not available (no OpenSSL backend)</source>
        <translation>TLS ist nicht verfügbar (kein OpenSSL-Backend)</translation>
    </message>
    <message>
        <source>TLS: %1</source>
        <translation>TLS: %1</translation>
    </message>
    <message>
        <source>cannot bind to source address %1: %2</source>
        <translation>Bindung an Quelladresse %1 nicht möglich: %2</translation>
    </message>
</context>
<context>
    <name>DescriptorBudget</name>
    <message>
        <source>%1 client connections, %2 for the embedded server&apos;s side of them, %3 in reserve</source>
        <translation>%1 Client-Verbindungen, %2 für die Seite des eingebetteten Servers, %3 in Reserve</translation>
    </message>
    <message>
        <source>%1 client connections, %2 in reserve</source>
        <translation>%1 Client-Verbindungen, %2 in Reserve</translation>
    </message>
    <message>
        <source>run fewer clients (--clients-scale %1), </source>
        <translation>weniger Clients ausführen (--clients-scale %1), </translation>
    </message>
    <message>
        <source>run fewer clients (--clients-scale), </source>
        <translation>weniger Clients ausführen (--clients-scale), </translation>
    </message>
    <message>
        <source>this scenario needs about %1 file descriptors at its peak (%2), but the process may open only %3 (RLIMIT_NOFILE). Raise the limit with &apos;ulimit -n %1&apos; (above the hard limit, &apos;ulimit -Hn&apos;, that needs root, or LimitNOFILE= for a service), %4or run the server in another process (&apos;socketscope serve&apos;, then --target ws://HOST:PORT/).</source>
        <translation>Dieses Szenario benötigt in der Spitze etwa %1 Dateideskriptoren (%2), der Prozess darf aber nur %3 öffnen (RLIMIT_NOFILE). Das Limit mit &apos;ulimit -n %1&apos; erhöhen (oberhalb des harten Limits, &apos;ulimit -Hn&apos;, sind dafür Root-Rechte nötig, oder LimitNOFILE= für einen Dienst), %4oder den Server in einem anderen Prozess ausführen (&apos;socketscope serve&apos;, dann --target ws://HOST:PORT/).</translation>
    </message>
</context>
<context>
    <name>FaultPanel</name>
    <message>
        <source>Restart server</source>
        <translation>Server neu starten</translation>
    </message>
    <message>
        <source>Close every connection with 1001 &quot;Going Away&quot;, stop listening for the downtime, listen again</source>
        <translation>Jede Verbindung mit 1001 &quot;Going Away&quot; schließen, für die Ausfallzeit nicht lauschen, dann wieder lauschen</translation>
    </message>
    <message>
        <source>Drop connections</source>
        <translation>Verbindungen trennen</translation>
    </message>
    <message>
        <source>Cut that share of the open connections at once (TCP reset)</source>
        <translation>Diesen Anteil der offenen Verbindungen sofort trennen (TCP-Reset)</translation>
    </message>
    <message>
        <source>Add latency</source>
        <translation>Latenz hinzufügen</translation>
    </message>
    <message>
        <source>Delay every delivery by the latency plus a random share of the jitter, until switched off</source>
        <translation>Jede Zustellung um die Latenz plus einen zufälligen Anteil des Jitters verzögern, bis zum Ausschalten</translation>
    </message>
    <message>
        <source>Drop messages</source>
        <translation>Nachrichten verwerfen</translation>
    </message>
    <message>
        <source>Drop that share of live deliveries (they keep their sequence numbers, so the loss shows)</source>
        <translation>Diesen Anteil der Live-Zustellungen verwerfen (sie behalten ihre Sequenznummern, sodass der Verlust sichtbar wird)</translation>
    </message>
    <message>
        <source>Ignore pings</source>
        <translation>Pings ignorieren</translation>
    </message>
    <message>
        <source>The server stops answering WebSocket pings</source>
        <translation>Der Server beantwortet keine WebSocket-Pings mehr</translation>
    </message>
    <message>
        <source>Stop reading</source>
        <translation>Lesen stoppen</translation>
    </message>
    <message>
        <source>The server stops reading from its sockets: a stalled server</source>
        <translation>Der Server liest nicht mehr von seinen Sockets: ein blockierter Server</translation>
    </message>
    <message>
        <source>Refuse connections</source>
        <translation>Verbindungen ablehnen</translation>
    </message>
    <message>
        <source>Stop listening, so new connections are refused, for that many seconds</source>
        <translation>Nicht mehr lauschen, sodass neue Verbindungen für diese Anzahl Sekunden abgelehnt werden</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Restart downtime in seconds</source>
        <translation>Ausfallzeit beim Neustart in Sekunden</translation>
    </message>
    <message>
        <source>down for</source>
        <translation>Ausfall für</translation>
    </message>
    <message>
        <source>Share of connections to drop in percent</source>
        <translation>Anteil der zu trennenden Verbindungen in Prozent</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>of open connections</source>
        <translation>der offenen Verbindungen</translation>
    </message>
    <message>
        <source>Added latency in milliseconds</source>
        <translation>Zusätzliche Latenz in Millisekunden</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Latency jitter in milliseconds</source>
        <translation>Latenz-Jitter in Millisekunden</translation>
    </message>
    <message>
        <source>±</source>
        <translation>±</translation>
    </message>
    <message>
        <source>Share of messages to drop in percent</source>
        <translation>Anteil der zu verwerfenden Nachrichten in Prozent</translation>
    </message>
    <message>
        <source>of deliveries</source>
        <translation>der Zustellungen</translation>
    </message>
    <message>
        <source>clients see missing pongs</source>
        <translation>Clients erhalten keine Pongs</translation>
    </message>
    <message>
        <source>a stalled server</source>
        <translation>ein blockierter Server</translation>
    </message>
    <message>
        <source>Refuse connections for seconds</source>
        <translation>Verbindungen für Sekunden ablehnen</translation>
    </message>
    <message>
        <source>for</source>
        <translation>für</translation>
    </message>
    <message>
        <source>Active faults</source>
        <translation>Aktive Störungen</translation>
    </message>
    <message>
        <source>Restart (%1 s down)</source>
        <translation>Neustart (%1 s Ausfall)</translation>
    </message>
    <message>
        <source>Drop %1% of connections</source>
        <translation>%1% der Verbindungen trennen</translation>
    </message>
    <message>
        <source>Latency %1 ms ± %2 ms</source>
        <translation>Latenz %1 ms ± %2 ms</translation>
    </message>
    <message>
        <source>Latency off</source>
        <translation>Latenz aus</translation>
    </message>
    <message>
        <source>Drop %1% of messages</source>
        <translation>%1% der Nachrichten verwerfen</translation>
    </message>
    <message>
        <source>Message drop off</source>
        <translation>Verwerfen von Nachrichten aus</translation>
    </message>
    <message>
        <source>Pings ignored</source>
        <translation>Pings werden ignoriert</translation>
    </message>
    <message>
        <source>Pings answered</source>
        <translation>Pings werden beantwortet</translation>
    </message>
    <message>
        <source>Server stopped reading</source>
        <translation>Server liest nicht mehr</translation>
    </message>
    <message>
        <source>Server reading again</source>
        <translation>Server liest wieder</translation>
    </message>
    <message>
        <source>Refuse connections for %1 s</source>
        <translation>Verbindungen für %1 s ablehnen</translation>
    </message>
    <message>
        <source>The server is not running</source>
        <translation>Der Server läuft nicht</translation>
    </message>
    <message>
        <source>refusing new connections (%1 s left)</source>
        <translation>lehnt neue Verbindungen ab (noch %1 s)</translation>
    </message>
    <message>
        <source>refusing new connections</source>
        <translation>lehnt neue Verbindungen ab</translation>
    </message>
    <message>
        <source>restarting (not listening)</source>
        <translation>Neustart (lauscht nicht)</translation>
    </message>
    <message>
        <source>latency %1 ms ± %2 ms</source>
        <translation>Latenz %1 ms ± %2 ms</translation>
    </message>
    <message>
        <source>dropping %1% of messages (%2 so far)</source>
        <translation>verwirft %1% der Nachrichten (bisher %2)</translation>
    </message>
    <message>
        <source>ignoring pings</source>
        <translation>ignoriert Pings</translation>
    </message>
    <message>
        <source>not reading</source>
        <translation>liest nicht</translation>
    </message>
    <message>
        <source>No faults active</source>
        <translation>Keine Störungen aktiv</translation>
    </message>
    <message>
        <source>Active: %1</source>
        <translation>Aktiv: %1</translation>
    </message>
</context>
<context>
    <name>FrameDecoder</name>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n Byte</numerusform>
            <numerusform>%n Bytes</numerusform>
        </translation>
    </message>
    <message>
        <source>control</source>
        <translation>Steuerung</translation>
    </message>
    <message>
        <source>data</source>
        <translation>Daten</translation>
    </message>
</context>
<context>
    <name>FrameFilter</name>
    <message>
        <source>Invalid regular expression at character %1: %2</source>
        <translation>Ungültiger regulärer Ausdruck bei Zeichen %1: %2</translation>
    </message>
</context>
<context>
    <name>FrameTableModel</name>
    <message>
        <source>↑ to server</source>
        <translation>↑ an Server</translation>
    </message>
    <message>
        <source>↓ to client</source>
        <translation>↓ an Client</translation>
    </message>
    <message>
        <source>Seen by the embedded server (connection #%1 from %2)</source>
        <translation>Vom eingebetteten Server gesehen (Verbindung #%1 von %2)</translation>
    </message>
    <message>
        <source>Seen by simulated client %2 (connection #%1)</source>
        <translation>Vom simulierten Client %2 gesehen (Verbindung #%1)</translation>
    </message>
    <message>
        <source>%1 bytes (the first %2 kept)</source>
        <translation>%1 Bytes (die ersten %2 behalten)</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
    <message>
        <source>%1 over %2</source>
        <translation>%1 über %2</translation>
    </message>
    <message>
        <source>A control packet of the protocol (heartbeat, connect, upgrade, acknowledgement of the connection, completion)</source>
        <translation>Ein Steuerpaket des Protokolls (Heartbeat, Connect, Upgrade, Bestätigung der Verbindung, Abschluss)</translation>
    </message>
    <message>
        <source>Application data (an event, an acknowledgement, an operation&apos;s result)</source>
        <translation>Anwendungsdaten (ein Event, eine Quittung, das Ergebnis einer Operation)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
</context>
<context>
    <name>GraphQlControls</name>
    <message>
        <source>connection_ack</source>
        <translation>connection_ack</translation>
    </message>
    <message>
        <source>closed %1</source>
        <translation>geschlossen %1</translation>
    </message>
    <message>
        <source>GraphQL over WebSocket</source>
        <translation>GraphQL über WebSocket</translation>
    </message>
    <message>
        <source>connection_init payload</source>
        <translation>connection_init-Payload</translation>
    </message>
    <message>
        <source>optional: {&quot;token&quot;: &quot;...&quot;}</source>
        <translation>optional: {&quot;token&quot;: &quot;...&quot;}</translation>
    </message>
    <message>
        <source>A JSON object sent as connection_init&apos;s payload (the server&apos;s onConnect reads it). The subprotocol graphql-transport-ws is offered by itself.</source>
        <translation>Ein JSON-Objekt, das als Payload von connection_init gesendet wird (onConnect des Servers liest es). Das Subprotokoll graphql-transport-ws wird von selbst angeboten.</translation>
    </message>
    <message>
        <source>connection_init:</source>
        <translation>connection_init:</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>Operationen</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>subscription { ticks(every: 1000) { n at } }   (Ctrl+Return subscribes)</source>
        <translation>subscription { ticks(every: 1000) { n at } }   (Strg+Eingabe abonniert)</translation>
    </message>
    <message>
        <source>A query, mutation or subscription; each Subscribe starts it with a fresh id</source>
        <translation>Eine Query, Mutation oder Subscription; jedes Abonnieren startet sie mit einer neuen ID</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>Variablen</translation>
    </message>
    <message>
        <source>optional: {&quot;every&quot;: 500}</source>
        <translation>optional: {&quot;every&quot;: 500}</translation>
    </message>
    <message>
        <source>Operation name</source>
        <translation>Operationsname</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>Subscribe</source>
        <translation>Abonnieren</translation>
    </message>
    <message>
        <source>Send subscribe with a fresh id (Ctrl+Return in the query)</source>
        <translation>subscribe mit einer neuen ID senden (Strg+Eingabe in der Abfrage)</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Complete the selected operation</source>
        <translation>Die ausgewählte Operation beenden</translation>
    </message>
    <message>
        <source>Send complete for the operation selected in the table</source>
        <translation>complete für die in der Tabelle ausgewählte Operation senden</translation>
    </message>
    <message>
        <source>Ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <source>Send a graphql-ws ping; the pong&apos;s round trip is logged</source>
        <translation>Einen graphql-ws-Ping senden; die Round-Trip-Zeit des Pongs wird protokolliert</translation>
    </message>
    <message>
        <source>Operation error</source>
        <translation>Operationsfehler</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Last payload</source>
        <translation>Letzte Payload</translation>
    </message>
    <message>
        <source>completed by you</source>
        <translation>von dir beendet</translation>
    </message>
    <message>
        <source>Variables:</source>
        <translation>Variablen:</translation>
    </message>
    <message>
        <source>Operation name:</source>
        <translation>Operationsname:</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>Not sent: the query is empty</source>
        <translation>Nicht gesendet: Die Abfrage ist leer</translation>
    </message>
    <message>
        <source>Not sent: the connection is not acknowledged yet</source>
        <translation>Nicht gesendet: Die Verbindung ist noch nicht bestätigt</translation>
    </message>
    <message>
        <source>Not sent: the session refused it</source>
        <translation>Nicht gesendet: Die Sitzung hat es abgelehnt</translation>
    </message>
    <message>
        <source>first result after %1 ms</source>
        <translation>erstes Ergebnis nach %1 ms</translation>
    </message>
</context>
<context>
    <name>GraphQlManualSession</name>
    <message>
        <source>the URL is not valid</source>
        <translation>die URL ist ungültig</translation>
    </message>
    <message>
        <source>a GraphQL over WebSocket URL starts with ws:// or wss://</source>
        <translation>eine URL für GraphQL über WebSocket beginnt mit ws:// oder wss://</translation>
    </message>
    <message>
        <source>the URL has no host</source>
        <translation>die URL hat keinen Host</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>completed by you</source>
        <translation>von dir beendet</translation>
    </message>
    <message>
        <source>Cannot connect to &quot;%1&quot;: %2</source>
        <translation>Verbindung zu „%1“ nicht möglich: %2</translation>
    </message>
    <message>
        <source>the server did not choose the subprotocol %1</source>
        <translation>der Server hat das Subprotokoll %1 nicht gewählt</translation>
    </message>
    <message>
        <source>cannot connect to %1: %2</source>
        <translation>Verbindung zu %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation>Verbindung zu %1</translation>
    </message>
    <message>
        <source>not a graphql-ws message: %1</source>
        <translation>keine graphql-ws-Nachricht: %1</translation>
    </message>
    <message>
        <source>connection acknowledged: operations may start</source>
        <translation>Verbindung bestätigt: Operationen können starten</translation>
    </message>
    <message>
        <source>operation %1 failed: %2</source>
        <translation>Operation %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>connection closed: %1</source>
        <translation>Verbindung geschlossen: %1</translation>
    </message>
    <message>
        <source>closed by the server: %1</source>
        <translation>vom Server geschlossen: %1</translation>
    </message>
    <message>
        <source>not sent: the connection is not acknowledged yet</source>
        <translation>nicht gesendet: die Verbindung ist noch nicht bestätigt</translation>
    </message>
    <message>
        <source>not sent: the query is empty</source>
        <translation>nicht gesendet: die Abfrage ist leer</translation>
    </message>
    <message>
        <source>not sent: the connection is not open</source>
        <translation>nicht gesendet: die Verbindung ist nicht offen</translation>
    </message>
    <message>
        <source>connection dropped by the client</source>
        <translation>Verbindung vom Client getrennt</translation>
    </message>
</context>
<context>
    <name>GraphQlWsCloseCode</name>
    <message>
        <source>Bad request</source>
        <translation>Ungültige Anfrage</translation>
    </message>
    <message>
        <source>Unauthorized</source>
        <translation>Nicht autorisiert</translation>
    </message>
    <message>
        <source>Forbidden</source>
        <translation>Verboten</translation>
    </message>
    <message>
        <source>Subprotocol not acceptable</source>
        <translation>Subprotokoll nicht akzeptabel</translation>
    </message>
    <message>
        <source>Connection initialisation timeout</source>
        <translation>Zeitüberschreitung bei der Verbindungsinitialisierung</translation>
    </message>
    <message>
        <source>Subscriber already exists</source>
        <translation>Abonnent existiert bereits</translation>
    </message>
    <message>
        <source>Too many initialisation requests</source>
        <translation>Zu viele Initialisierungsanfragen</translation>
    </message>
    <message>
        <source>Internal server error</source>
        <translation>Interner Serverfehler</translation>
    </message>
</context>
<context>
    <name>GroupItemDelegate</name>
    <message>
        <source>none, 5/s, exponential 10s ...</source>
        <translation>keine, 5/s, exponential 10s ...</translation>
    </message>
    <message>
        <source>until the end</source>
        <translation>bis zum Ende</translation>
    </message>
</context>
<context>
    <name>GroupTableModel</name>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>SSE</source>
        <translation>SSE</translation>
    </message>
    <message>
        <source>Long poll</source>
        <translation>Long Polling</translation>
    </message>
    <message>
        <source>Publish (POST)</source>
        <translation>Veröffentlichen (POST)</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>Voll</translation>
    </message>
    <message>
        <source>Equal</source>
        <translation>Gleich</translation>
    </message>
    <message>
        <source>None (no jitter)</source>
        <translation>Keiner (kein Jitter)</translation>
    </message>
    <message>
        <source>churn: &quot;%1&quot; is not a duration; expected %2</source>
        <translation>Verbindungswechsel: „%1“ ist keine Dauer; erwartet: %2</translation>
    </message>
    <message>
        <source>churn: the disconnect rate must be above 0 per second</source>
        <translation>Verbindungswechsel: Die Trennrate muss über 0 pro Sekunde liegen</translation>
    </message>
    <message>
        <source>churn: expected &quot;none&quot;, disconnects per second such as &quot;5/s&quot;, or session lengths such as &quot;exponential 10s&quot;, &quot;fixed 5s&quot; or &quot;uniform 2s-8s&quot;; got &quot;%1&quot;</source>
        <translation>Verbindungswechsel: erwartet „none“, Trennungen pro Sekunde wie „5/s“ oder Sitzungslängen wie „exponential 10s“, „fixed 5s“ oder „uniform 2s-8s“; erhalten: „%1“</translation>
    </message>
    <message>
        <source>to the end</source>
        <translation>bis zum Ende</translation>
    </message>
    <message>
        <source>none, disconnects per second (&quot;5/s&quot;), or session lengths: &quot;exponential 10s&quot;, &quot;fixed 5s&quot;, &quot;uniform 2s-8s&quot;</source>
        <translation>none, Trennungen pro Sekunde („5/s“) oder Sitzungslängen: „exponential 10s“, „fixed 5s“, „uniform 2s-8s“</translation>
    </message>
    <message>
        <source>Not set: the group holds until the run ends</source>
        <translation>Nicht gesetzt: Die Gruppe hält bis zum Ende des Laufs</translation>
    </message>
    <message>
        <source>Reconnecting is off for this group</source>
        <translation>Neuverbindung ist für diese Gruppe ausgeschaltet</translation>
    </message>
    <message>
        <source>Without jitter every client retries at the same moment after a restart (a thundering herd)</source>
        <translation>Ohne Jitter versucht jeder Client es nach einem Neustart im selben Moment erneut (Thundering Herd)</translation>
    </message>
    <message>
        <source>Not set in the file: the default</source>
        <translation>Nicht in der Datei gesetzt: Standardwert</translation>
    </message>
    <message>
        <source>Messages per second per client</source>
        <translation>Nachrichten pro Sekunde pro Client</translation>
    </message>
    <message>
        <source>Approximate message size in bytes</source>
        <translation>Ungefähre Nachrichtengröße in Bytes</translation>
    </message>
    <message>
        <source>First reconnect delay; doubled (the multiplier) up to the maximum</source>
        <translation>Erste Verzögerung vor der Neuverbindung; wird (mit dem Multiplikator) bis zum Maximum verdoppelt</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Ramp-up</source>
        <translation>Hochlauf</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Haltephase</translation>
    </message>
    <message>
        <source>Ramp-down</source>
        <translation>Auslauf</translation>
    </message>
    <message>
        <source>Rate/s</source>
        <translation>Rate/s</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
    <message>
        <source>Churn</source>
        <translation>Verbindungswechsel</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Neuverbindung</translation>
    </message>
    <message>
        <source>Initial delay</source>
        <translation>Anfangsverzögerung</translation>
    </message>
    <message>
        <source>Max delay</source>
        <translation>Max. Verzögerung</translation>
    </message>
    <message>
        <source>Jitter</source>
        <translation>Jitter</translation>
    </message>
    <message>
        <source>Fix the JSON syntax error first</source>
        <translation>Zuerst den JSON-Syntaxfehler beheben</translation>
    </message>
    <message>
        <source>%1: expected ws, sse, poll or publish, got &quot;%2&quot;</source>
        <translation>%1: erwartet ws, sse, poll oder publish, erhalten: „%2“</translation>
    </message>
    <message>
        <source>%1: expected full, equal or none, got &quot;%2&quot;</source>
        <translation>%1: erwartet full, equal oder none, erhalten: „%2“</translation>
    </message>
    <message>
        <source>%1: expected a whole number, got &quot;%2&quot;</source>
        <translation>%1: erwartet eine ganze Zahl, erhalten: „%2“</translation>
    </message>
    <message>
        <source>%1: expected messages per second (a number, 0 or more), got &quot;%2&quot;</source>
        <translation>%1: erwartet Nachrichten pro Sekunde (eine Zahl, 0 oder mehr), erhalten: „%2“</translation>
    </message>
    <message>
        <source>%1: expected %2, got &quot;%3&quot;</source>
        <translation>%1: erwartet %2, erhalten: „%3“</translation>
    </message>
    <message>
        <source>No url: the embedded server (its address is in the toolbar), path %1</source>
        <translation>Keine url: der eingebettete Server (seine Adresse steht in der Werkzeugleiste), Pfad %1</translation>
    </message>
    <message>
        <source>No url: the scenario&apos;s target with the group&apos;s path, %1</source>
        <translation>Keine url: das Ziel des Szenarios mit dem Pfad der Gruppe, %1</translation>
    </message>
    <message>
        <source>Offers subprotocols: %1</source>
        <translation>Bietet die Subprotokolle an: %1</translation>
    </message>
    <message>
        <source>embedded %1</source>
        <translation>eingebettet %1</translation>
    </message>
    <message>
        <source>No body: the stream is opened with a plain request</source>
        <translation>Kein Body: Der Stream wird mit einer einfachen Anfrage geöffnet</translation>
    </message>
    <message>
        <source>envelope</source>
        <translation>Envelope</translation>
    </message>
    <message>
        <source>No template: the embedded server&apos;s envelope with SocketScope&apos;s own stamp, padded to the payload size</source>
        <translation>Kein Template: der Envelope des eingebetteten Servers mit SocketScopes eigenem Zeitstempel, auf die Nutzdatengröße aufgefüllt</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>send.rate is 0: the group only receives</source>
        <translation>send.rate ist 0: Die Gruppe empfängt nur</translation>
    </message>
    <message>
        <source>onOpen, after every connect:</source>
        <translation>onOpen, nach jedem Verbindungsaufbau:</translation>
    </message>
    <message>
        <source>all messages</source>
        <translation>alle Nachrichten</translation>
    </message>
    <message>
        <source>No receive rules: every message is a delivery (from the embedded server, checked by its sequence numbers)</source>
        <translation>Keine receive-Regeln: Jede Nachricht ist eine Zustellung (vom eingebetteten Server anhand seiner Sequenznummern geprüft)</translation>
    </message>
    <message>
        <source>The group sends its template as it is: no payload size</source>
        <translation>Die Gruppe sendet ihr Template unverändert: keine Nutzdatengröße</translation>
    </message>
    <message>
        <source>The group&apos;s url as written; in italics, without one: the scenario&apos;s target with the path. Edit it in the JSON below</source>
        <translation>Die url der Gruppe wie geschrieben; kursiv, wenn sie keine hat: das Ziel des Szenarios mit dem Pfad. Im JSON unten bearbeiten</translation>
    </message>
    <message>
        <source>What each send puts on the wire: send.template (ws) or body (sse, publish). Edit it in the JSON below</source>
        <translation>Was jedes Senden überträgt: send.template (ws) oder body (sse, publish). Im JSON unten bearbeiten</translation>
    </message>
    <message>
        <source>The receive rules: which messages are deliveries and where they carry their stamps. Edit them in the JSON below</source>
        <translation>Die receive-Regeln: welche Nachrichten Zustellungen sind und wo sie ihre Zeitstempel tragen. Im JSON unten bearbeiten</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Sends</source>
        <translation>Sendet</translation>
    </message>
    <message>
        <source>Receives</source>
        <translation>Empfängt</translation>
    </message>
    <message>
        <source>%1: the group sends its template as it is; change the template in the JSON</source>
        <translation>%1: Die Gruppe sendet ihr Template unverändert; das Template im JSON ändern</translation>
    </message>
    <message>
        <source>emit &quot;%1&quot; with ack</source>
        <translation>emit &quot;%1&quot; mit Ack</translation>
    </message>
    <message>
        <source>emit &quot;%1&quot;</source>
        <translation>emit &quot;%1&quot;</translation>
    </message>
    <message>
        <source>variables: %1</source>
        <translation>Variablen: %1</translation>
    </message>
</context>
<context>
    <name>HttpClientConnection</name>
    <message>
        <source>invalid response: %1</source>
        <translation>ungültige Antwort: %1</translation>
    </message>
    <message>
        <source>response %1 without a request</source>
        <translation>Antwort %1 ohne Anfrage</translation>
    </message>
    <message>
        <source>response body exceeds %1 bytes</source>
        <translation>Antworttext überschreitet %1 Bytes</translation>
    </message>
    <message numerus="yes">
        <source>connection closed with %n response(s) outstanding</source>
        <translation>
            <numerusform>Verbindung geschlossen, %n Antwort ausstehend</numerusform>
            <numerusform>Verbindung geschlossen, %n Antworten ausstehend</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>server side</source>
        <translation>serverseitig</translation>
    </message>
    <message>
        <source>simulated client</source>
        <translation>simulierter Client</translation>
    </message>
    <message>
        <source>Frames to capture</source>
        <translation>Zu erfassende Frames</translation>
    </message>
    <message>
        <source>Capture a sample of all traffic, or every frame of one connection</source>
        <translation>Eine Stichprobe des gesamten Verkehrs oder jeden Frame einer Verbindung erfassen</translation>
    </message>
    <message>
        <source>Sampled frames per second</source>
        <translation>Stichproben-Frames pro Sekunde</translation>
    </message>
    <message>
        <source> frames/s</source>
        <translation> Frames/s</translation>
    </message>
    <message>
        <source>At most this many frames per second are sampled from all traffic, shared fairly between connections</source>
        <translation>Höchstens so viele Frames pro Sekunde werden aus dem gesamten Verkehr als Stichprobe erfasst, fair auf die Verbindungen verteilt</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Pause capturing</source>
        <translation>Erfassung pausieren</translation>
    </message>
    <message>
        <source>Stop capturing new frames (the engine is not sampled while paused)</source>
        <translation>Keine neuen Frames mehr erfassen (während der Pause wird die Engine nicht abgetastet)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Clear the frames</source>
        <translation>Frames leeren</translation>
    </message>
    <message>
        <source>Copy rows</source>
        <translation>Zeilen kopieren</translation>
    </message>
    <message>
        <source>Copy the selected rows</source>
        <translation>Ausgewählte Zeilen kopieren</translation>
    </message>
    <message>
        <source>Copy the selected frames as tab-separated text (Ctrl+C)</source>
        <translation>Ausgewählte Frames als tabulatorgetrennten Text kopieren (Strg+C)</translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation>Nachricht kopieren</translation>
    </message>
    <message>
        <source>Copy the current message</source>
        <translation>Aktuelle Nachricht kopieren</translation>
    </message>
    <message>
        <source>Copy the current frame&apos;s message, pretty-printed</source>
        <translation>Nachricht des aktuellen Frames formatiert kopieren</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Export the selected frames</source>
        <translation>Ausgewählte Frames exportieren</translation>
    </message>
    <message>
        <source>Save the selected frames as JSON Lines (one JSON object per frame)</source>
        <translation>Ausgewählte Frames als JSON Lines speichern (ein JSON-Objekt pro Frame)</translation>
    </message>
    <message>
        <source>&amp;Capture:</source>
        <translation>&amp;Erfassen:</translation>
    </message>
    <message>
        <source>Filter text</source>
        <translation>Filtertext</translation>
    </message>
    <message>
        <source>Filter: text in the message, type, channel or connection</source>
        <translation>Filter: Text in Nachricht, Typ, Kanal oder Verbindung</translation>
    </message>
    <message>
        <source>Re&amp;gex</source>
        <translation>Re&amp;gex</translation>
    </message>
    <message>
        <source>Filter text is a regular expression</source>
        <translation>Filtertext ist ein regulärer Ausdruck</translation>
    </message>
    <message>
        <source>Filter by type</source>
        <translation>Nach Typ filtern</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Alle Typen</translation>
    </message>
    <message>
        <source>Show one type (&quot;chat.message&quot;) or a family (&quot;chat.*&quot;)</source>
        <translation>Einen Typ („chat.message“) oder eine Familie („chat.*“) anzeigen</translation>
    </message>
    <message>
        <source>Filter by connection</source>
        <translation>Nach Verbindung filtern</translation>
    </message>
    <message>
        <source>Filter by direction</source>
        <translation>Nach Richtung filtern</translation>
    </message>
    <message>
        <source>Both directions</source>
        <translation>Beide Richtungen</translation>
    </message>
    <message>
        <source>↑ To server</source>
        <translation>↑ Zum Server</translation>
    </message>
    <message>
        <source>↓ To client</source>
        <translation>↓ Zum Client</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>Frames</translation>
    </message>
    <message>
        <source>↓ to client</source>
        <translation>↓ zum Client</translation>
    </message>
    <message>
        <source>Frame detail</source>
        <translation>Frame-Details</translation>
    </message>
    <message>
        <source>Select a frame to see its message.</source>
        <translation>Einen Frame auswählen, um seine Nachricht zu sehen.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Resume capturing</source>
        <translation>Erfassung fortsetzen</translation>
    </message>
    <message>
        <source>#%1 (no longer listed)</source>
        <translation>#%1 (nicht mehr aufgeführt)</translation>
    </message>
    <message>
        <source>A sample of all traffic</source>
        <translation>Eine Stichprobe des gesamten Verkehrs</translation>
    </message>
    <message>
        <source>All connections</source>
        <translation>Alle Verbindungen</translation>
    </message>
    <message>
        <source>Not capturing</source>
        <translation>Keine Erfassung</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Following connection #%1</source>
        <translation>Verbindung #%1 wird verfolgt</translation>
    </message>
    <message>
        <source>Sampling all traffic (at most %1 frames/s)</source>
        <translation>Stichprobe des gesamten Verkehrs (höchstens %1 Frames/s)</translation>
    </message>
    <message>
        <source>%1 of %2 frames shown</source>
        <translation>%1 von %2 Frames angezeigt</translation>
    </message>
    <message>
        <source> (filtering…)</source>
        <translation> (wird gefiltert…)</translation>
    </message>
    <message>
        <source>Dropped: %1</source>
        <translation>Verworfen: %1</translation>
    </message>
    <message>
        <source>Frames lost because more arrived than the capture buffer (%1 frames) holds between two refreshes. The table keeps the newest %2 frames; %3 older ones were let go.</source>
        <translation>Frames verloren, weil zwischen zwei Aktualisierungen mehr eintrafen, als der Erfassungspuffer (%1 Frames) fasst. Die Tabelle behält die neuesten %2 Frames; %3 ältere wurden verworfen.</translation>
    </message>
    <message>
        <source>%1 · %2 · #%3 %4 (%5) · %6</source>
        <translation>%1 · %2 · #%3 %4 (%5) · %6</translation>
    </message>
    <message>
        <source>seen by the server</source>
        <translation>vom Server gesehen</translation>
    </message>
    <message>
        <source>seen by the client</source>
        <translation>vom Client gesehen</translation>
    </message>
    <message>
        <source>channel %1 · type %2 · %3 bytes</source>
        <translation>Kanal %1 · Typ %2 · %3 Bytes</translation>
    </message>
    <message>
        <source> (the first %1 bytes were kept)</source>
        <translation> (die ersten %1 Bytes wurden behalten)</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n frame(s).</source>
        <translation>
            <numerusform>%n Frame kopiert.</numerusform>
            <numerusform>%n Frames kopiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied the message.</source>
        <translation>Nachricht kopiert.</translation>
    </message>
    <message>
        <source>Export frames</source>
        <translation>Frames exportieren</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n frame(s) to %1.</source>
        <translation>
            <numerusform>%n Frame nach %1 exportiert.</numerusform>
            <numerusform>%n Frames nach %1 exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Data only</source>
        <translation>Nur &amp;Daten</translation>
    </message>
    <message>
        <source>Show data frames only</source>
        <translation>Nur Daten-Frames zeigen</translation>
    </message>
    <message>
        <source>Hide the protocols&apos; control packets: Engine.IO heartbeats and upgrades, Socket.IO CONNECT, graphql-ws connection_init/connection_ack, ping/pong and complete</source>
        <translation>Die Steuerpakete der Protokolle ausblenden: Heartbeats und Upgrades von Engine.IO, CONNECT von Socket.IO, connection_init/connection_ack, ping/pong und complete von graphql-ws</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>As sent:</source>
        <translation>Wie gesendet:</translation>
    </message>
</context>
<context>
    <name>InstanceFleet</name>
    <message>
        <source>instance(s) %1 did not start listening within %2 s; the output of instance %3:
%4</source>
        <translation>Instanz(en) %1 lauschten nicht innerhalb von %2 s; die Ausgabe von Instanz %3:
%4</translation>
    </message>
    <message>
        <source>the instances are already running</source>
        <translation>die Instanzen laufen bereits</translation>
    </message>
    <message>
        <source>at least one instance is needed, got %1</source>
        <translation>mindestens eine Instanz ist nötig, angegeben: %1</translation>
    </message>
    <message>
        <source>instance %1: %2</source>
        <translation>Instanz %1: %2</translation>
    </message>
    <message>
        <source>instance %1 did not listen again on port %2 within %3 s; its last output:
%4</source>
        <translation>Instanz %1 lauschte nicht innerhalb von %3 s wieder auf Port %2; ihre letzte Ausgabe:
%4</translation>
    </message>
    <message>
        <source>instance %1 could not listen again on port %2 (exit code %3); its last output:
%4</source>
        <translation>Instanz %1 konnte nicht wieder auf Port %2 lauschen (Exit-Code %3); ihre letzte Ausgabe:
%4</translation>
    </message>
    <message>
        <source>instance %1 exited before listening (exit code %2); its last output:
%3</source>
        <translation>Instanz %1 endete, bevor sie lauschte (Exit-Code %2); ihre letzte Ausgabe:
%3</translation>
    </message>
    <message>
        <source>instance %1 on port %2 exited unexpectedly (exit code %3); its last output:
%4</source>
        <translation>Instanz %1 auf Port %2 endete unerwartet (Exit-Code %3); ihre letzte Ausgabe:
%4</translation>
    </message>
</context>
<context>
    <name>JsonField</name>
    <message>
        <source>%1: invalid JSON at %2</source>
        <translation>%1: ungültiges JSON bei %2</translation>
    </message>
    <message>
        <source>%1: must be a JSON object {...}</source>
        <translation>%1: muss ein JSON-Objekt {...} sein</translation>
    </message>
    <message>
        <source>%1: must be a JSON array [...]</source>
        <translation>%1: muss ein JSON-Array [...] sein</translation>
    </message>
</context>
<context>
    <name>LatencyHistogramChart</name>
    <message>
        <source>Latency distribution (whole run)</source>
        <translation>Latenzverteilung (ganzer Lauf)</translation>
    </message>
    <message>
        <source>share of messages</source>
        <translation>Anteil der Nachrichten</translation>
    </message>
    <message>
        <source>delivery latency (bucket starts at)</source>
        <translation>Zustellungslatenz (Beginn des Intervalls)</translation>
    </message>
    <message>
        <source>% of messages</source>
        <translation>% der Nachrichten</translation>
    </message>
    <message>
        <source>%1 ns</source>
        <translation>%1 ns</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>ab %1</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>%1
%2 messages (%3%)</source>
        <translation>%1
%2 Nachrichten (%3 %)</translation>
    </message>
    <message>
        <source>no messages yet</source>
        <translation>noch keine Nachrichten</translation>
    </message>
    <message>
        <source>%1&lt;br&gt;&lt;small&gt;p50 %2 · p90 %3 · p99 %4 · p99.9 %5 · max %6 · %7 messages&lt;/small&gt;</source>
        <translation>%1&lt;br&gt;&lt;small&gt;p50 %2 · p90 %3 · p99 %4 · p99.9 %5 · max %6 · %7 Nachrichten&lt;/small&gt;</translation>
    </message>
</context>
<context>
    <name>LiveChart</name>
    <message>
        <source>s</source>
        <translation>s</translation>
    </message>
    <message>
        <source>%1 (millions)</source>
        <translation>%1 (Millionen)</translation>
    </message>
    <message>
        <source>%1 (thousands)</source>
        <translation>%1 (Tausend)</translation>
    </message>
    <message>
        <source>time since start (s)</source>
        <translation>Zeit seit Start (s)</translation>
    </message>
    <message>
        <source>time since start (min)</source>
        <translation>Zeit seit Start (min)</translation>
    </message>
    <message>
        <source>time since start (h)</source>
        <translation>Zeit seit Start (h)</translation>
    </message>
    <message>
        <source>no value</source>
        <translation>kein Wert</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 (%2 s buckets)</source>
        <translation>%1 (%2-s-Intervalle)</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>Störung</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>SocketScope</source>
        <translation>SocketScope</translation>
    </message>
    <message>
        <source>The run did not start</source>
        <translation>Der Lauf wurde nicht gestartet</translation>
    </message>
    <message>
        <source>all thresholds held</source>
        <translation>alle Schwellenwerte eingehalten</translation>
    </message>
    <message>
        <source>a threshold failed</source>
        <translation>ein Schwellenwert verfehlt</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Run the scenario (Ctrl+R)</source>
        <translation>Szenario ausführen (Strg+R)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>End the run now; its report is still made (Ctrl+.)</source>
        <translation>Lauf sofort beenden; der Bericht wird trotzdem erstellt (Strg+.)</translation>
    </message>
    <message>
        <source>&amp;Copy page URL</source>
        <translation>Seiten-URL &amp;kopieren</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message>
        <source>&amp;Find in inspector</source>
        <translation>Im Inspektor &amp;suchen</translation>
    </message>
    <message>
        <source>Simulator</source>
        <translation>Simulator</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>Störungen</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspektor</translation>
    </message>
    <message>
        <source>Manual client</source>
        <translation>Manueller Client</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Export &amp;report</source>
        <translation>&amp;Bericht exportieren</translation>
    </message>
    <message>
        <source>JSON report…</source>
        <translation>JSON-Bericht…</translation>
    </message>
    <message>
        <source>CSV time series…</source>
        <translation>CSV-Zeitreihe…</translation>
    </message>
    <message>
        <source>JUnit XML…</source>
        <translation>JUnit XML…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>B&amp;eenden</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Lauf</translation>
    </message>
    <message>
        <source>F&amp;aults</source>
        <translation>&amp;Störungen</translation>
    </message>
    <message>
        <source>Open the fault menu</source>
        <translation>Störungsmenü öffnen</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>&amp;Untersuchen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>Layout &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>The language applies the next time SocketScope starts.</source>
        <translation>Die Sprache wird beim nächsten Start von SocketScope übernommen.</translation>
    </message>
    <message>
        <source>Worker &amp;event loop</source>
        <translation>&amp;Event-Loop der Worker-Threads</translation>
    </message>
    <message>
        <source>epoll (fast at tens of thousands of connections)</source>
        <translation>epoll (schnell bei Zehntausenden Verbindungen)</translation>
    </message>
    <message>
        <source>SocketScope&apos;s own epoll event loop: the cost of a wake-up does not grow with open connections</source>
        <translation>SocketScopes eigene epoll-Event-Loop: Die Kosten eines Aufweckens wachsen nicht mit der Zahl offener Verbindungen</translation>
    </message>
    <message>
        <source>Qt stock (to compare)</source>
        <translation>Qt-Standard (zum Vergleich)</translation>
    </message>
    <message>
        <source>Qt&apos;s own event dispatcher: polls every socket on every wake-up</source>
        <translation>Qts eigener Event-Dispatcher: fragt bei jedem Aufwecken jeden Socket ab</translation>
    </message>
    <message>
        <source>The %1 event loop applies the next time SocketScope starts.</source>
        <translation>Die Event-Loop %1 wird beim nächsten Start von SocketScope übernommen.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About SocketScope</source>
        <translation>&amp;Über SocketScope</translation>
    </message>
    <message>
        <source>About SocketScope</source>
        <translation>Über SocketScope</translation>
    </message>
    <message>
        <source>&lt;b&gt;SocketScope %1&lt;/b&gt;&lt;p&gt;An embedded WebSocket, SSE and long-polling server, swarms of simulated clients and live charts, in one window.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</source>
        <translation>&lt;b&gt;SocketScope %1&lt;/b&gt;&lt;p&gt;Ein eingebetteter WebSocket-, SSE- und Long-Polling-Server, Schwärme simulierter Clients und Live-Diagramme in einem Fenster.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Start the run</source>
        <translation>Lauf starten</translation>
    </message>
    <message>
        <source>Stop the run</source>
        <translation>Lauf stoppen</translation>
    </message>
    <message>
        <source>The scenario Start runs (edit it in the Simulator panel)</source>
        <translation>Das Szenario, das „Starten“ ausführt (im Simulator-Bereich bearbeiten)</translation>
    </message>
    <message>
        <source>Scenario:</source>
        <translation>Szenario:</translation>
    </message>
    <message>
        <source>Embedded server address</source>
        <translation>Adresse des eingebetteten Servers</translation>
    </message>
    <message>
        <source>Browser page URL</source>
        <translation>URL der Browserseite</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>Page:</source>
        <translation>Seite:</translation>
    </message>
    <message>
        <source>Copy the browser page URL</source>
        <translation>URL der Browserseite kopieren</translation>
    </message>
    <message>
        <source>SocketScope&apos;s own CPU use (100 % = one core). Amber or red: the tool itself is close to distorting what it measures.</source>
        <translation>CPU-Auslastung von SocketScope selbst (100 % = ein Kern). Gelb oder Rot: Das Werkzeug verfälscht bald selbst, was es misst.</translation>
    </message>
    <message>
        <source>How late the slowest event loop (window or client pool) ran in the last second. Amber from 20 ms, red from 100 ms: latencies then include the tool&apos;s own delay.</source>
        <translation>Wie stark die langsamste Event-Loop (Fenster oder Client-Pool) in der letzten Sekunde verspätet lief. Gelb ab 20 ms, Rot ab 100 ms: Latenzen enthalten dann die Verzögerung des Werkzeugs selbst.</translation>
    </message>
    <message>
        <source>The scenario has errors</source>
        <translation>Das Szenario enthält Fehler</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>Ready: press Start to run %1</source>
        <translation>Bereit: „Starten“ drücken, um %1 auszuführen</translation>
    </message>
    <message>
        <source>Running %1 · %2</source>
        <translation>%1 läuft · %2</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird gestoppt…</translation>
    </message>
    <message>
        <source>Finished after %1 · %2</source>
        <translation>Beendet nach %1 · %2</translation>
    </message>
    <message>
        <source>Connections: server %L1 · clients %L2</source>
        <translation>Verbindungen: Server %L1 · Clients %L2</translation>
    </message>
    <message>
        <source>CPU %1 %</source>
        <translation>CPU %1 %</translation>
    </message>
    <message>
        <source>Loop lag %1 ms</source>
        <translation>Loop-Verzögerung %1 ms</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>The report was not written</source>
        <translation>Der Bericht wurde nicht geschrieben</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>Export chart: %1</source>
        <translation>Diagramm exportieren: %1</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <source>The chart was not written</source>
        <translation>Das Diagramm wurde nicht geschrieben</translation>
    </message>
    <message>
        <source>&amp;Open scenario…</source>
        <translation>Szenario &amp;öffnen…</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>Szenario öffnen</translation>
    </message>
    <message>
        <source>Scenario files (*.json);;All files (*)</source>
        <translation>Szenariodateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The scenario was not opened</source>
        <translation>Das Szenario wurde nicht geöffnet</translation>
    </message>
    <message>
        <source>&amp;Save scenario as…</source>
        <translation>Szenario speichern &amp;unter…</translation>
    </message>
    <message>
        <source>Save scenario</source>
        <translation>Szenario speichern</translation>
    </message>
    <message>
        <source>Scenario files (*.json)</source>
        <translation>Szenariodateien (*.json)</translation>
    </message>
    <message>
        <source>The scenario was not saved</source>
        <translation>Das Szenario wurde nicht gespeichert</translation>
    </message>
    <message>
        <source>&amp;Built-in scenarios</source>
        <translation>&amp;Integrierte Szenarien</translation>
    </message>
    <message>
        <source>Export &amp;chart</source>
        <translation>&amp;Diagramm exportieren</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>no finished run to report on</source>
        <translation>kein beendeter Lauf, über den berichtet werden könnte</translation>
    </message>
    <message>
        <source>How sessions ended, most frequent first:</source>
        <translation>Wie Sitzungen endeten, die häufigsten zuerst:</translation>
    </message>
    <message>
        <source>&amp;Import HAR recording…</source>
        <translation>HAR-Aufzeichnung &amp;importieren…</translation>
    </message>
    <message>
        <source>Import a browser recording</source>
        <translation>Browser-Aufzeichnung importieren</translation>
    </message>
    <message>
        <source>HAR recordings (*.har);;All files (*)</source>
        <translation>HAR-Aufzeichnungen (*.har);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The recording was not imported</source>
        <translation>Die Aufzeichnung wurde nicht importiert</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1:
%2</source>
        <translation>%1:
%2</translation>
    </message>
    <message numerus="yes">
        <source>%n WebSocket connection(s) imported from %1, one group each.</source>
        <translation>
            <numerusform>%n WebSocket-Verbindung aus %1 importiert, als eine Gruppe.</numerusform>
            <numerusform>%n WebSocket-Verbindungen aus %1 importiert, je eine Gruppe.</numerusform>
        </translation>
    </message>
    <message>
        <source>Fill in before running (the recorded values were not kept):</source>
        <translation>Vor dem Start ausfüllen (die aufgezeichneten Werte wurden nicht übernommen):</translation>
    </message>
    <message>
        <source>Not replayed:</source>
        <translation>Nicht wiedergegeben:</translation>
    </message>
    <message>
        <source>Problems in the file:</source>
        <translation>Probleme in der Datei:</translation>
    </message>
    <message>
        <source>Recording imported</source>
        <translation>Aufzeichnung importiert</translation>
    </message>
    <message>
        <source>Set each group&apos;s clients and run it. Details lists what the scenario does not replay.</source>
        <translation>Legen Sie die Clients jeder Gruppe fest und starten Sie es. Die Details nennen, was das Szenario nicht wiedergibt.</translation>
    </message>
    <message>
        <source>Replace the FILL_IN_ markers in the scenario with real values, set each group&apos;s clients and run it.</source>
        <translation>Ersetzen Sie die FILL_IN_-Markierungen im Szenario durch echte Werte, legen Sie die Clients jeder Gruppe fest und starten Sie es.</translation>
    </message>
</context>
<context>
    <name>ManualClientPanel</name>
    <message>
        <source>Manual clients</source>
        <translation>Manuelle Clients</translation>
    </message>
    <message>
        <source>Add manual client</source>
        <translation>Manuellen Client hinzufügen</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Add a manual client (another user)</source>
        <translation>Manuellen Client hinzufügen (weiterer Benutzer)</translation>
    </message>
    <message>
        <source>Double-click a tab to rename it</source>
        <translation>Doppelklick auf einen Tab benennt ihn um</translation>
    </message>
    <message>
        <source>User %1</source>
        <translation>Benutzer %1</translation>
    </message>
    <message>
        <source>%1: not connected</source>
        <translation>%1: nicht verbunden</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>tab closed</source>
        <translation>Tab geschlossen</translation>
    </message>
    <message>
        <source>Rename manual client</source>
        <translation>Manuellen Client umbenennen</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
</context>
<context>
    <name>ManualClientTab</name>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>ws://host:port/path, wss://..., or http(s)://.../events for SSE</source>
        <translation>ws://host:port/path, wss://... oder http(s)://.../events für SSE</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Trennen</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Neu verbinden</translation>
    </message>
    <message>
        <source>Open the last URL again with the same options; an SSE stream resumes with Last-Event-ID</source>
        <translation>Die letzte URL mit denselben Optionen erneut öffnen; ein SSE-Stream wird mit Last-Event-ID fortgesetzt</translation>
    </message>
    <message>
        <source>Connection state</source>
        <translation>Verbindungsstatus</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <source>The request and response heads appear here when you connect.</source>
        <translation>Die Request- und Response-Header erscheinen hier beim Verbinden.</translation>
    </message>
    <message>
        <source>Frame detail</source>
        <translation>Frame-Details</translation>
    </message>
    <message>
        <source>Select a frame to see all of it (JSON pretty-printed, binary as hex).</source>
        <translation>Einen Frame auswählen, um ihn vollständig zu sehen (JSON formatiert, Binärdaten als Hex).</translation>
    </message>
    <message>
        <source>Connection options</source>
        <translation>Verbindungsoptionen</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>Token placement</source>
        <translation>Token-Platzierung</translation>
    </message>
    <message>
        <source>Authorization: Bearer</source>
        <translation>Authorization: Bearer</translation>
    </message>
    <message>
        <source>?token= in the URL</source>
        <translation>?token= in der URL</translation>
    </message>
    <message>
        <source>Ignore certificate errors</source>
        <translation>Zertifikatsfehler ignorieren</translation>
    </message>
    <message>
        <source>For a local server with a self-signed certificate; the system&apos;s CAs are used otherwise</source>
        <translation>Für einen lokalen Server mit selbstsigniertem Zertifikat; sonst werden die Zertifizierungsstellen des Systems verwendet</translation>
    </message>
    <message>
        <source>Reconnect automatically</source>
        <translation>Automatisch neu verbinden</translation>
    </message>
    <message>
        <source>When the connection ends without you asking: SSE after the server&apos;s retry: time with Last-Event-ID, WebSocket after 1 s doubling to 30 s. Refused handshakes are not retried.</source>
        <translation>Wenn die Verbindung ungewollt endet: SSE nach der retry:-Zeit des Servers mit Last-Event-ID, WebSocket nach 1 s, verdoppelt bis 30 s. Abgelehnte Handshakes werden nicht wiederholt.</translation>
    </message>
    <message>
        <source>Request headers</source>
        <translation>Request-Header</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>Header hinzufügen</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Add a request header</source>
        <translation>Einen Request-Header hinzufügen</translation>
    </message>
    <message>
        <source>Remove header</source>
        <translation>Header entfernen</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Remove the selected header</source>
        <translation>Den ausgewählten Header entfernen</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Send as:</source>
        <translation>Senden als:</translation>
    </message>
    <message>
        <source>Headers:</source>
        <translation>Header:</translation>
    </message>
    <message>
        <source>Filter frames</source>
        <translation>Frames filtern</translation>
    </message>
    <message>
        <source>Filter frames (text in any column)</source>
        <translation>Frames filtern (Text in beliebiger Spalte)</translation>
    </message>
    <message>
        <source>Clear log</source>
        <translation>Protokoll leeren</translation>
    </message>
    <message>
        <source>Frames in the log</source>
        <translation>Frames im Protokoll</translation>
    </message>
    <message>
        <source>The log keeps the newest %L1 frames</source>
        <translation>Das Protokoll behält die neuesten %L1 Frames</translation>
    </message>
    <message>
        <source>Frame log</source>
        <translation>Frame-Protokoll</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Message format</source>
        <translation>Nachrichtenformat</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>JSON: checked before sending, with the position of an error</source>
        <translation>JSON: wird vor dem Senden geprüft, mit der Position eines Fehlers</translation>
    </message>
    <message>
        <source>Sent messages</source>
        <translation>Gesendete Nachrichten</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Messages sent from this tab (also Up/Down in the box)</source>
        <translation>Von diesem Tab gesendete Nachrichten (auch Auf/Ab im Eingabefeld)</translation>
    </message>
    <message>
        <source>Saved messages</source>
        <translation>Gespeicherte Nachrichten</translation>
    </message>
    <message>
        <source>Choose one to put it in the box</source>
        <translation>Eine auswählen, um sie ins Eingabefeld zu übernehmen</translation>
    </message>
    <message>
        <source>Save message</source>
        <translation>Nachricht speichern</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Save the box&apos;s text under a name</source>
        <translation>Den Text des Eingabefelds unter einem Namen speichern</translation>
    </message>
    <message>
        <source>Delete saved message</source>
        <translation>Gespeicherte Nachricht löschen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the chosen saved message</source>
        <translation>Die ausgewählte gespeicherte Nachricht löschen</translation>
    </message>
    <message>
        <source>Format JSON</source>
        <translation>JSON formatieren</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formatieren</translation>
    </message>
    <message>
        <source>Pretty-print the JSON in the box</source>
        <translation>Das JSON im Eingabefeld formatieren</translation>
    </message>
    <message>
        <source>Message to send</source>
        <translation>Zu sendende Nachricht</translation>
    </message>
    <message>
        <source>{&quot;type&quot;:&quot;chat.message&quot;,&quot;payload&quot;:{&quot;text&quot;:&quot;hello&quot;}}   (Ctrl+Return sends)</source>
        <translation>{&quot;type&quot;:&quot;chat.message&quot;,&quot;payload&quot;:{&quot;text&quot;:&quot;hello&quot;}}   (Strg+Eingabe sendet)</translation>
    </message>
    <message>
        <source>Message error</source>
        <translation>Nachrichtenfehler</translation>
    </message>
    <message>
        <source>How messages are sent</source>
        <translation>Wie Nachrichten gesendet werden</translation>
    </message>
    <message>
        <source>Send the message (Ctrl+Return)</source>
        <translation>Die Nachricht senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Ping payload</source>
        <translation>Ping-Nutzdaten</translation>
    </message>
    <message>
        <source>ping payload (optional)</source>
        <translation>Ping-Nutzdaten (optional)</translation>
    </message>
    <message>
        <source>Ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <source>Close code</source>
        <translation>Close-Code</translation>
    </message>
    <message>
        <source>1000 Normal Closure</source>
        <translation>1000 Normal Closure</translation>
    </message>
    <message>
        <source>1001 Going Away</source>
        <translation>1001 Going Away</translation>
    </message>
    <message>
        <source>1003 Unsupported Data</source>
        <translation>1003 Unsupported Data</translation>
    </message>
    <message>
        <source>1008 Policy Violation</source>
        <translation>1008 Policy Violation</translation>
    </message>
    <message>
        <source>1011 Internal Error</source>
        <translation>1011 Internal Error</translation>
    </message>
    <message>
        <source>4000 application</source>
        <translation>4000 Anwendung</translation>
    </message>
    <message>
        <source>4001 application</source>
        <translation>4001 Anwendung</translation>
    </message>
    <message>
        <source>A code from the list or your own: 1000-1003, 1007-1014, 3000-4999</source>
        <translation>Ein Code aus der Liste oder ein eigener: 1000-1003, 1007-1014, 3000-4999</translation>
    </message>
    <message>
        <source>Close reason</source>
        <translation>Close-Grund</translation>
    </message>
    <message>
        <source>reason (optional)</source>
        <translation>Grund (optional)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close with code</source>
        <translation>Mit Code schließen</translation>
    </message>
    <message>
        <source>Start the closing handshake with the chosen code and reason</source>
        <translation>Den schließenden Handshake mit dem gewählten Code und Grund beginnen</translation>
    </message>
    <message>
        <source>Cannot format: invalid JSON at %1</source>
        <translation>Formatieren nicht möglich: ungültiges JSON bei %1</translation>
    </message>
    <message>
        <source>WebSocket (TLS)</source>
        <translation>WebSocket (TLS)</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>SSE (TLS)</source>
        <translation>SSE (TLS)</translation>
    </message>
    <message>
        <source>SSE</source>
        <translation>SSE</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>ws:// and wss:// open a WebSocket; http:// and https:// read a Server-Sent Events stream</source>
        <translation>ws:// und wss:// öffnen einen WebSocket; http:// und https:// lesen einen Server-Sent-Events-Stream</translation>
    </message>
    <message>
        <source>header row %1 has a value but no name</source>
        <translation>Header-Zeile %1 hat einen Wert, aber keinen Namen</translation>
    </message>
    <message>
        <source>line 1, column 1: the message is empty</source>
        <translation>Zeile 1, Spalte 1: Die Nachricht ist leer</translation>
    </message>
    <message>
        <source>line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>Invalid JSON at %1</source>
        <translation>Ungültiges JSON bei %1</translation>
    </message>
    <message>
        <source>Not sent: invalid JSON at %1</source>
        <translation>Nicht gesendet: ungültiges JSON bei %1</translation>
    </message>
    <message>
        <source>Not sent: the message is empty</source>
        <translation>Nicht gesendet: Die Nachricht ist leer</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>Not sent: see the error above</source>
        <translation>Nicht gesendet: siehe Fehler oben</translation>
    </message>
    <message>
        <source>the connection refused it</source>
        <translation>die Verbindung hat sie abgelehnt</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>close code &quot;%1&quot; is not a number</source>
        <translation>Close-Code „%1“ ist keine Zahl</translation>
    </message>
    <message>
        <source>Not saved: the name is empty</source>
        <translation>Nicht gespeichert: Der Name ist leer</translation>
    </message>
    <message>
        <source>Not saved: the message is empty</source>
        <translation>Nicht gespeichert: Die Nachricht ist leer</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Wird neu verbunden</translation>
    </message>
    <message>
        <source>POST the message to the server&apos;s /publish (Ctrl+Return)</source>
        <translation>Die Nachricht per POST an /publish des Servers senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>An SSE stream has no ping or close frames; Disconnect ends it</source>
        <translation>Ein SSE-Stream hat keine Ping- oder Close-Frames; Trennen beendet ihn</translation>
    </message>
    <message>
        <source>Send a Ping frame; the Pong&apos;s round trip is logged</source>
        <translation>Einen Ping-Frame senden; die Round-Trip-Zeit des Pongs wird protokolliert</translation>
    </message>
    <message>
        <source>{&quot;channel&quot;:&quot;%1&quot;,&quot;type&quot;:&quot;chat.message&quot;,&quot;payload&quot;:{&quot;text&quot;:&quot;hello&quot;}}   (Ctrl+Return sends)</source>
        <translation>{&quot;channel&quot;:&quot;%1&quot;,&quot;type&quot;:&quot;chat.message&quot;,&quot;payload&quot;:{&quot;text&quot;:&quot;hello&quot;}}   (Strg+Eingabe sendet)</translation>
    </message>
    <message>
        <source>An SSE stream only receives. Send POSTs the message to %1 as {&quot;channel&quot;: ..., &quot;type&quot;: ..., &quot;payload&quot;: ...}.</source>
        <translation>Ein SSE-Stream empfängt nur. Senden schickt die Nachricht per POST an %1 als {&quot;channel&quot;: ..., &quot;type&quot;: ..., &quot;payload&quot;: ...}.</translation>
    </message>
    <message>
        <source>Request (%1)</source>
        <translation>Request (%1)</translation>
    </message>
    <message>
        <source>Response after %1 ms</source>
        <translation>Response nach %1 ms</translation>
    </message>
    <message numerus="yes">
        <source>%Ln frame(s)</source>
        <translation>
            <numerusform>%Ln Frame</numerusform>
            <numerusform>%Ln Frames</numerusform>
        </translation>
    </message>
    <message>
        <source>(%L1 older dropped)</source>
        <translation>(%L1 ältere verworfen)</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n Byte</numerusform>
            <numerusform>%n Bytes</numerusform>
        </translation>
    </message>
    <message>
        <source>(%1 on the wire)</source>
        <translation>(%1 auf der Leitung)</translation>
    </message>
    <message>
        <source>round trip %1 ms</source>
        <translation>Round-Trip %1 ms</translation>
    </message>
    <message>
        <source>Subprotocols</source>
        <translation>Subprotokolle</translation>
    </message>
    <message>
        <source>optional: chat.v1, chat.v2</source>
        <translation>optional: chat.v1, chat.v2</translation>
    </message>
    <message>
        <source>WebSocket subprotocols to offer (Sec-WebSocket-Protocol), comma-separated, in order of preference; the server&apos;s choice is shown in the log</source>
        <translation>Anzubietende WebSocket-Subprotokolle (Sec-WebSocket-Protocol), durch Kommas getrennt, in der bevorzugten Reihenfolge; die Wahl des Servers steht im Protokoll</translation>
    </message>
    <message>
        <source>Subprotocols:</source>
        <translation>Subprotokolle:</translation>
    </message>
    <message>
        <source>Socket.IO</source>
        <translation>Socket.IO</translation>
    </message>
    <message>
        <source>GraphQL</source>
        <translation>GraphQL</translation>
    </message>
    <message>
        <source>WebSocket: plain frames (or an SSE stream for http:// URLs); Socket.IO: events over Engine.IO; GraphQL: operations over graphql-ws (graphql-transport-ws)</source>
        <translation>WebSocket: einfache Frames (oder ein SSE-Stream bei http://-URLs); Socket.IO: Events über Engine.IO; GraphQL: Operationen über graphql-ws (graphql-transport-ws)</translation>
    </message>
    <message>
        <source>http://host:port (Engine.IO path /socket.io/ unless the URL has one), or ws://...</source>
        <translation>http://host:port (Engine.IO-Pfad /socket.io/, wenn die URL keinen hat) oder ws://...</translation>
    </message>
    <message>
        <source>ws://host:port/graphql or wss://...</source>
        <translation>ws://host:port/graphql oder wss://...</translation>
    </message>
    <message>
        <source>Socket.IO (TLS)</source>
        <translation>Socket.IO (TLS)</translation>
    </message>
    <message>
        <source>Engine.IO endpoint: %1</source>
        <translation>Engine.IO-Endpunkt: %1</translation>
    </message>
    <message>
        <source>GraphQL (TLS)</source>
        <translation>GraphQL (TLS)</translation>
    </message>
    <message>
        <source>graphql-ws over WebSocket, subprotocol graphql-transport-ws</source>
        <translation>graphql-ws über WebSocket, Subprotokoll graphql-transport-ws</translation>
    </message>
    <message>
        <source>Open the session again with the same options</source>
        <translation>Die Sitzung mit denselben Optionen erneut öffnen</translation>
    </message>
    <message>
        <source>The GraphQL mode offers graphql-transport-ws</source>
        <translation>Der GraphQL-Modus bietet graphql-transport-ws an</translation>
    </message>
    <message>
        <source>Socket.IO offers no WebSocket subprotocols</source>
        <translation>Socket.IO bietet keine WebSocket-Subprotokolle an</translation>
    </message>
</context>
<context>
    <name>ManualConnection</name>
    <message>
        <source>reconnecting automatically (attempt %1)</source>
        <translation>automatische Neuverbindung (Versuch %1)</translation>
    </message>
    <message>
        <source>automatic reconnect cancelled</source>
        <translation>automatische Neuverbindung abgebrochen</translation>
    </message>
    <message>
        <source>not reconnecting: the server refused the connection</source>
        <translation>keine Neuverbindung: Der Server hat die Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>reconnecting in %1 ms (attempt %2)</source>
        <translation>Neuverbindung in %1 ms (Versuch %2)</translation>
    </message>
    <message>
        <source>enter a URL such as ws://127.0.0.1:8080/ws or http://127.0.0.1:8080/events</source>
        <translation>eine URL eingeben, etwa ws://127.0.0.1:8080/ws oder http://127.0.0.1:8080/events</translation>
    </message>
    <message>
        <source>invalid URL: %1</source>
        <translation>ungültige URL: %1</translation>
    </message>
    <message>
        <source>the URL needs a scheme: ws://, wss:// (WebSocket), http:// or https:// (SSE)</source>
        <translation>die URL braucht ein Schema: ws://, wss:// (WebSocket), http:// oder https:// (SSE)</translation>
    </message>
    <message>
        <source>unsupported scheme &quot;%1&quot;: use ws://, wss:// (WebSocket), http:// or https:// (SSE)</source>
        <translation>nicht unterstütztes Schema „%1“: ws://, wss:// (WebSocket), http:// oder https:// (SSE) verwenden</translation>
    </message>
    <message>
        <source>the URL has no host</source>
        <translation>die URL hat keinen Host</translation>
    </message>
    <message>
        <source>close code %1 is reserved for reporting and must not be sent (RFC 6455 7.4.1)</source>
        <translation>Close-Code %1 ist für Meldungen reserviert und darf nicht gesendet werden (RFC 6455 7.4.1)</translation>
    </message>
    <message>
        <source>close code %1 may not be sent: use 1000-1003, 1007-1014, 3000-4999 (RFC 6455 7.4)</source>
        <translation>Close-Code %1 darf nicht gesendet werden: 1000-1003, 1007-1014, 3000-4999 verwenden (RFC 6455 7.4)</translation>
    </message>
    <message>
        <source>a header has no name</source>
        <translation>ein Header hat keinen Namen</translation>
    </message>
    <message>
        <source>header name &quot;%1&quot; may only hold letters, digits and !#$%&amp;&apos;*+-.^_`|~ (RFC 9110 5.1)</source>
        <translation>Header-Name „%1“ darf nur Buchstaben, Ziffern und !#$%&amp;&apos;*+-.^_`|~ enthalten (RFC 9110 5.1)</translation>
    </message>
    <message>
        <source>header &quot;%1&quot; is part of the WebSocket handshake and set by the client</source>
        <translation>Header „%1“ gehört zum WebSocket-Handshake und wird vom Client gesetzt</translation>
    </message>
    <message>
        <source>header &quot;%1&quot; would describe a body the request does not have</source>
        <translation>Header „%1“ würde einen Body beschreiben, den die Anfrage nicht hat</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Verbindung wird aufgebaut</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Closing</source>
        <translation>Wird geschlossen</translation>
    </message>
    <message>
        <source>nothing to reconnect to: connect to a URL first</source>
        <translation>nichts zum Neuverbinden: zuerst mit einer URL verbinden</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>wird neu verbunden</translation>
    </message>
    <message>
        <source>the previous connection was dropped for a new one</source>
        <translation>die vorherige Verbindung wurde für eine neue getrennt</translation>
    </message>
    <message>
        <source>both a token and an Authorization header are given: remove one</source>
        <translation>sowohl ein Token als auch ein Authorization-Header sind angegeben: eines entfernen</translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation>Verbindung zu %1</translation>
    </message>
    <message>
        <source>cannot connect to %1: %2</source>
        <translation>Verbindung zu %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>connection closed (%1)</source>
        <translation>Verbindung geschlossen (%1)</translation>
    </message>
    <message>
        <source>connection closed (%1 %2)</source>
        <translation>Verbindung geschlossen (%1 %2)</translation>
    </message>
    <message>
        <source>connection lost without a Close frame (1006): %1</source>
        <translation>Verbindung ohne Close-Frame verloren (1006): %1</translation>
    </message>
    <message>
        <source>the server closed the connection with code %1</source>
        <translation>der Server hat die Verbindung mit Code %1 geschlossen</translation>
    </message>
    <message>
        <source>the server closed the connection with code %1: %2</source>
        <translation>der Server hat die Verbindung mit Code %1 geschlossen: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n comment line(s) (heartbeat)</source>
        <translation>
            <numerusform>%n Kommentarzeile (Heartbeat)</numerusform>
            <numerusform>%n Kommentarzeilen (Heartbeat)</numerusform>
        </translation>
    </message>
    <message>
        <source>the server refused the stream: HTTP %1 %2</source>
        <translation>der Server hat den Stream abgelehnt: HTTP %1 %2</translation>
    </message>
    <message>
        <source>the server refused the stream: HTTP %1 %2: %3</source>
        <translation>der Server hat den Stream abgelehnt: HTTP %1 %2: %3</translation>
    </message>
    <message>
        <source>not an event stream: Content-Type is &quot;%1&quot;, expected text/event-stream</source>
        <translation>kein Event-Stream: Content-Type ist „%1“, erwartet text/event-stream</translation>
    </message>
    <message>
        <source>the server ended the stream</source>
        <translation>der Server hat den Stream beendet</translation>
    </message>
    <message>
        <source>the connection closed before a response</source>
        <translation>die Verbindung wurde vor einer Response geschlossen</translation>
    </message>
    <message>
        <source>the stream was lost: %1</source>
        <translation>der Stream ging verloren: %1</translation>
    </message>
    <message>
        <source>an SSE stream only receives: nothing can be sent on it</source>
        <translation>ein SSE-Stream empfängt nur: Darüber kann nichts gesendet werden</translation>
    </message>
    <message>
        <source>not connected: connect before sending</source>
        <translation>nicht verbunden: vor dem Senden verbinden</translation>
    </message>
    <message>
        <source>SSE has no ping</source>
        <translation>SSE hat kein Ping</translation>
    </message>
    <message>
        <source>not connected: connect before sending a ping</source>
        <translation>nicht verbunden: vor dem Senden eines Pings verbinden</translation>
    </message>
    <message>
        <source>a ping carries at most 125 bytes (RFC 6455 5.5), this one has %1</source>
        <translation>ein Ping trägt höchstens 125 Bytes (RFC 6455 5.5), dieser hat %1</translation>
    </message>
    <message>
        <source>a POST goes to an http:// or https:// URL, not %1</source>
        <translation>ein POST geht an eine http://- oder https://-URL, nicht an %1</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>the POST was refused: HTTP %1: %2</source>
        <translation>der POST wurde abgelehnt: HTTP %1: %2</translation>
    </message>
    <message>
        <source>the POST failed: %1</source>
        <translation>der POST ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>stream closed by the client</source>
        <translation>Stream vom Client geschlossen</translation>
    </message>
    <message>
        <source>closed by the client</source>
        <translation>vom Client geschlossen</translation>
    </message>
    <message>
        <source>a close reason holds at most 123 bytes of UTF-8 (RFC 6455 5.5.1), this one has %1</source>
        <translation>ein Close-Grund umfasst höchstens 123 Bytes UTF-8 (RFC 6455 5.5.1), dieser hat %1</translation>
    </message>
    <message>
        <source>connection dropped by the client</source>
        <translation>Verbindung vom Client getrennt</translation>
    </message>
    <message>
        <source>dropped by the client</source>
        <translation>vom Client getrennt</translation>
    </message>
    <message>
        <source>header &quot;%1&quot;: put the names in the Subprotocols field instead</source>
        <translation>Header „%1“: die Namen stattdessen in das Feld „Subprotokolle“ eintragen</translation>
    </message>
    <message>
        <source>header &quot;%1&quot; is not supported by this client (it offers no extension)</source>
        <translation>Header „%1“ wird von diesem Client nicht unterstützt (er bietet keine Erweiterung an)</translation>
    </message>
    <message>
        <source>subprotocol &quot;%1&quot; may only hold letters, digits and !#$%&amp;&apos;*+-.^_`|~ (RFC 6455 4.1)</source>
        <translation>Subprotokoll „%1“ darf nur Buchstaben, Ziffern und !#$%&amp;&apos;*+-.^_`|~ enthalten (RFC 6455 4.1)</translation>
    </message>
    <message>
        <source>open; subprotocol &quot;%1&quot; chosen by the server</source>
        <translation>offen; Subprotokoll „%1“ vom Server gewählt</translation>
    </message>
    <message>
        <source>open; the server chose no subprotocol (offered: %1)</source>
        <translation>offen; der Server hat kein Subprotokoll gewählt (angeboten: %1)</translation>
    </message>
</context>
<context>
    <name>ManualFrame</name>
    <message>
        <source>(no payload)</source>
        <translation>(keine Nutzdaten)</translation>
    </message>
    <message>
        <source>(round trip %1 ms)</source>
        <translation>(Umlaufzeit %1 ms)</translation>
    </message>
    <message>
        <source>(no code)</source>
        <translation>(kein Code)</translation>
    </message>
    <message>
        <source>event: %1</source>
        <translation>event: %1</translation>
    </message>
    <message>
        <source>id: %1</source>
        <translation>id: %1</translation>
    </message>
    <message>
        <source>retry: %1 ms</source>
        <translation>retry: %1 ms</translation>
    </message>
    <message>
        <source>Close code: %1</source>
        <translation>Close-Code: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>data:</source>
        <translation>data:</translation>
    </message>
    <message>
        <source>retry: %1 ms (the reconnection time the server asks for)</source>
        <translation>retry: %1 ms (die vom Server gewünschte Wartezeit bis zur Neuverbindung)</translation>
    </message>
    <message>
        <source>handshake</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>binary</source>
        <translation>binär</translation>
    </message>
    <message>
        <source>ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <source>pong</source>
        <translation>Pong</translation>
    </message>
    <message>
        <source>close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>retry</source>
        <translation>retry</translation>
    </message>
    <message>
        <source>info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <source>received</source>
        <translation>empfangen</translation>
    </message>
    <message>
        <source>client</source>
        <translation>Client</translation>
    </message>
    <message numerus="yes">
        <source>... %n more byte(s)</source>
        <translation>
            <numerusform>... %n weiteres Byte</numerusform>
            <numerusform>... %n weitere Bytes</numerusform>
        </translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>http</source>
        <translation>HTTP</translation>
    </message>
</context>
<context>
    <name>ManualFrameModel</name>
    <message>
        <source>↑ sent</source>
        <translation>↑ gesendet</translation>
    </message>
    <message>
        <source>↓ received</source>
        <translation>↓ empfangen</translation>
    </message>
    <message>
        <source>• client</source>
        <translation>• Client</translation>
    </message>
    <message>
        <source>SSE event type</source>
        <translation>SSE-Ereignistyp</translation>
    </message>
    <message>
        <source>%1 payload bytes, %2 bytes on the wire</source>
        <translation>%1 Bytes Nutzdaten, %2 Bytes auf der Leitung</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>what the protocol&apos;s close code means</source>
        <translation>was der Close-Code des Protokolls bedeutet</translation>
    </message>
    <message>
        <source>the JSON message&apos;s &quot;type&quot;, or the decoded Socket.IO / Engine.IO / graphql-ws packet type</source>
        <translation>„type“ der JSON-Nachricht oder der dekodierte Pakettyp von Socket.IO / Engine.IO / graphql-ws</translation>
    </message>
</context>
<context>
    <name>NginxProxy</name>
    <message>
        <source>nginx did not accept connections on 127.0.0.1:%1 within %2 s; its error log ends with:
%3</source>
        <translation>nginx nahm innerhalb von %2 s keine Verbindungen auf 127.0.0.1:%1 an; sein Fehlerprotokoll endet mit:
%3</translation>
    </message>
    <message>
        <source>nginx is already running</source>
        <translation>nginx läuft bereits</translation>
    </message>
    <message>
        <source>nginx needs at least one upstream port</source>
        <translation>nginx braucht mindestens einen Upstream-Port</translation>
    </message>
    <message>
        <source>nginx is not installed: apt-get install nginx</source>
        <translation>nginx ist nicht installiert: apt-get install nginx</translation>
    </message>
    <message>
        <source> (no executable at %1)</source>
        <translation> (keine ausführbare Datei unter %1)</translation>
    </message>
    <message>
        <source>cannot create a directory for nginx: %1</source>
        <translation>kein Verzeichnis für nginx anlegbar: %1</translation>
    </message>
    <message>
        <source>no free port on 127.0.0.1 for nginx</source>
        <translation>kein freier Port auf 127.0.0.1 für nginx</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>nginx exited during start (exit code %1); its error log ends with:
%2</source>
        <translation>nginx endete beim Start (Exit-Code %1); sein Fehlerprotokoll endet mit:
%2</translation>
    </message>
    <message>
        <source>nginx on port %1 exited unexpectedly (exit code %2); its error log ends with:
%3</source>
        <translation>nginx auf Port %1 endete unerwartet (Exit-Code %2); sein Fehlerprotokoll endet mit:
%3</translation>
    </message>
</context>
<context>
    <name>PrivateBroker</name>
    <message>
        <source>%1 did not answer on 127.0.0.1:%2 within %3 s%4</source>
        <translation>%1 antwortete nicht innerhalb von %3 s auf 127.0.0.1:%2%4</translation>
    </message>
    <message>
        <source>; its last output:
%1</source>
        <translation>; seine letzte Ausgabe:
%1</translation>
    </message>
    <message>
        <source>the broker is already running</source>
        <translation>der Broker läuft bereits</translation>
    </message>
    <message>
        <source>%1 is not installed: apt-get install %1</source>
        <translation>%1 ist nicht installiert: apt-get install %1</translation>
    </message>
    <message>
        <source> (no executable at %1)</source>
        <translation> (keine ausführbare Datei unter %1)</translation>
    </message>
    <message>
        <source>cannot create a directory for %1: %2</source>
        <translation>kein Verzeichnis für %1 anlegbar: %2</translation>
    </message>
    <message>
        <source>no free port on 127.0.0.1 for %1</source>
        <translation>kein freier Port auf 127.0.0.1 für %1</translation>
    </message>
    <message>
        <source>the broker was not started, or is starting</source>
        <translation>der Broker wurde nicht gestartet oder startet gerade</translation>
    </message>
    <message>
        <source>%1 exited during start (exit code %2); its last output:
%3</source>
        <translation>%1 endete beim Start (Exit-Code %2); seine letzte Ausgabe:
%3</translation>
    </message>
    <message>
        <source>%1 on port %2 exited unexpectedly (exit code %3); its last output:
%4</source>
        <translation>%1 auf Port %2 endete unerwartet (Exit-Code %3); seine letzte Ausgabe:
%4</translation>
    </message>
</context>
<context>
    <name>RunReport</name>
    <message>
        <source>group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>proto</source>
        <translation>Proto</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>peak</source>
        <translation>Spitze</translation>
    </message>
    <message>
        <source>connects</source>
        <translation>Verbind.</translation>
    </message>
    <message>
        <source>reconn</source>
        <translation>Neuverb.</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlg.</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <source>received</source>
        <translation>empfangen</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>verloren</translation>
    </message>
    <message>
        <source>dup</source>
        <translation>dopp.</translation>
    </message>
    <message>
        <source>ooo</source>
        <translation>a.d.R.</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>max</source>
        <translation>max</translation>
    </message>
    <message>
        <source>%1: %2s against %3</source>
        <translation>%1: %2 s gegen %3</translation>
    </message>
    <message>
        <source>run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>peak connects/s: %1</source>
        <translation>Spitze Verbindungen/s: %1</translation>
    </message>
    <message>
        <source>, recovery after the fault at %1: %2</source>
        <translation>, Erholung nach der Störung bei %1: %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>, CPU mean %1%, max %2%</source>
        <translation>, CPU Mittel %1%, max %2%</translation>
    </message>
    <message>
        <source>thresholds:</source>
        <translation>Schwellenwerte:</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>BESTANDEN</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>FEHLGESCHLAGEN</translation>
    </message>
    <message>
        <source>aborted: %1</source>
        <translation>abgebrochen: %1</translation>
    </message>
    <message>
        <source>result: no thresholds, exit %1</source>
        <translation>Ergebnis: keine Schwellenwerte, Exit-Code %1</translation>
    </message>
    <message>
        <source>result: all %1 thresholds passed, exit %2</source>
        <translation>Ergebnis: alle %1 Schwellenwerte erfüllt, Exit-Code %2</translation>
    </message>
    <message>
        <source>result: %1 of %2 thresholds failed, exit %3</source>
        <translation>Ergebnis: %1 von %2 Schwellenwerten nicht erfüllt, Exit-Code %3</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>p50 %1, p99 %2, max %3 (%4 samples)</source>
        <translation>p50 %1, p99 %2, max %3 (%4 Messwerte)</translation>
    </message>
    <message>
        <source>accounting: %1</source>
        <translation>Zählung: %1</translation>
    </message>
    <message>
        <source> (%1 expected in the receivers&apos; windows, %2 received)</source>
        <translation> (%1 in den Fenstern der Empfänger erwartet, %2 empfangen)</translation>
    </message>
    <message>
        <source>one-way %1</source>
        <translation>Einweg %1</translation>
    </message>
    <message>
        <source>round trip %1</source>
        <translation>Hin und zurück %1</translation>
    </message>
    <message>
        <source>server clock (wall) %1</source>
        <translation>Serveruhr (Wanduhr) %1</translation>
    </message>
    <message>
        <source>streams %1, %2 events, first event %3, gaps %4</source>
        <translation>Streams %1, %2 Ereignisse, erstes Ereignis %3, Abstände %4</translation>
    </message>
    <message>
        <source>%1 other messages (not matched)</source>
        <translation>%1 andere Nachrichten (nicht zugeordnet)</translation>
    </message>
    <message>
        <source>%1 sessions closed by the server at once (counted failed)</source>
        <translation>%1 Sitzungen vom Server sofort geschlossen (als fehlgeschlagen gezählt)</translation>
    </message>
    <message>
        <source>subprotocol %1</source>
        <translation>Subprotokoll %1</translation>
    </message>
    <message>
        <source>outcomes: %1</source>
        <translation>Ausgänge: %1</translation>
    </message>
    <message>
        <source>  staged: %1
</source>
        <translation>  inszeniert: %1
</translation>
    </message>
    <message>
        <source>up</source>
        <translation>erreichbar</translation>
    </message>
    <message>
        <source>down</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>  fault at %1 s: %2
</source>
        <translation>  Störung bei %1 s: %2
</translation>
    </message>
    <message>
        <source>, presence joins %1 leaves %2, refused by the user limit %3</source>
        <translation>, Präsenz: %1 beigetreten, %2 gegangen, %3 vom Benutzerlimit abgewiesen</translation>
    </message>
    <message>
        <source>  instance %1 (:%2): open ws %3 sse %4 poll %5, delivered %6, broker %7, local only %8, recovered from the stream %9, lost in gaps %10, bus latency mean %11 ms, restarts %12%13
</source>
        <translation>  Instanz %1 (:%2): offen ws %3 sse %4 poll %5, zugestellt %6, Broker %7, nur lokal %8, aus dem Stream nachgeholt %9, in Lücken verloren %10, Bus-Latenz im Mittel %11 ms, Neustarts %12%13
</translation>
    </message>
</context>
<context>
    <name>RunSession</name>
    <message>
        <source>The embedded server did not start with the scenario&apos;s settings: %1</source>
        <translation>Der eingebettete Server ist mit den Einstellungen des Szenarios nicht gestartet: %1</translation>
    </message>
    <message>
        <source>%1: ramp-up</source>
        <translation>%1: Hochlauf</translation>
    </message>
    <message>
        <source>%1: hold</source>
        <translation>%1: Haltephase</translation>
    </message>
    <message>
        <source>%1: ramp-down</source>
        <translation>%1: Auslauf</translation>
    </message>
    <message>
        <source>stopped from the window</source>
        <translation>aus dem Fenster gestoppt</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>+%1 weitere</translation>
    </message>
</context>
<context>
    <name>Runner</name>
    <message>
        <source>fault steps need the embedded server; this run targets %1</source>
        <translation>Störungsschritte benötigen den eingebetteten Server; dieser Lauf zielt auf %1</translation>
    </message>
    <message>
        <source>target: %1</source>
        <translation>Ziel: %1</translation>
    </message>
    <message>
        <source>&quot;sourceAddresses&quot;: %1 needs a plain IPv4 loopback target (ws://127.0.0.1:PORT/ or http://...); this run targets %2</source>
        <translation>„sourceAddresses“: %1 benötigt ein einfaches IPv4-Loopback-Ziel (ws://127.0.0.1:PORT/ oder http://...); dieser Lauf zielt auf %2</translation>
    </message>
    <message>
        <source>the embedded server is not running</source>
        <translation>der eingebettete Server läuft nicht</translation>
    </message>
    <message>
        <source>the embedded server did not start: %1</source>
        <translation>der eingebettete Server ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>end of %1</source>
        <translation>Ende von %1</translation>
    </message>
    <message>
        <source>threshold %1 failed during the run: %2</source>
        <translation>Schwellenwert %1 während des Laufs verfehlt: %2</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>the instances did not start: %1</source>
        <translation>die Instanzen sind nicht gestartet: %1</translation>
    </message>
    <message>
        <source>jwt: %1</source>
        <translation>JWT: %1</translation>
    </message>
</context>
<context>
    <name>ScenarioDocument</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>There is no built-in scenario named &quot;%1&quot;</source>
        <translation>Es gibt kein eingebautes Szenario namens &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Fix the JSON syntax error first</source>
        <translation>Zuerst den JSON-Syntaxfehler beheben</translation>
    </message>
    <message>
        <source>There is no group %1</source>
        <translation>Es gibt keine Gruppe %1</translation>
    </message>
</context>
<context>
    <name>Server</name>
    <message>
        <source>the server is already running</source>
        <translation>der Server läuft bereits</translation>
    </message>
    <message>
        <source>cannot listen on %1:%2: %3</source>
        <translation>kann nicht auf %1:%2 lauschen: %3</translation>
    </message>
    <message>
        <source>TLS is not available: Qt found no TLS backend (it needs OpenSSL 3: %1)</source>
        <translation>TLS ist nicht verfügbar: Qt hat kein TLS-Backend gefunden (es braucht OpenSSL 3: %1)</translation>
    </message>
    <message>
        <source>broker unavailable: %1</source>
        <translation>Broker nicht verfügbar: %1</translation>
    </message>
</context>
<context>
    <name>ServerConfigSettings</name>
    <message>
        <source>server/%1: &quot;%2&quot; is not usable; the default is kept</source>
        <translation>server/%1: „%2“ ist nicht verwendbar; der Standardwert bleibt erhalten</translation>
    </message>
    <message>
        <source>server settings: %1; the defaults are used</source>
        <translation>Servereinstellungen: %1; die Standardwerte werden verwendet</translation>
    </message>
    <message>
        <source>server TLS: %1; the server starts without TLS</source>
        <translation>Server-TLS: %1; der Server startet ohne TLS</translation>
    </message>
</context>
<context>
    <name>ServerPanel</name>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Open WebSocket connections</source>
        <translation>Offene WebSocket-Verbindungen</translation>
    </message>
    <message>
        <source>Open SSE streams</source>
        <translation>Offene SSE-Streams</translation>
    </message>
    <message>
        <source>Waiting long polls</source>
        <translation>Wartende Long Polls</translation>
    </message>
    <message>
        <source>Idle keep-alive HTTP connections</source>
        <translation>Inaktive Keep-alive-HTTP-Verbindungen</translation>
    </message>
    <message>
        <source>Messages published and delivered</source>
        <translation>Veröffentlichte und zugestellte Nachrichten</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>SSE</source>
        <translation>SSE</translation>
    </message>
    <message>
        <source>Waiting polls</source>
        <translation>Wartende Polls</translation>
    </message>
    <message>
        <source>Idle HTTP</source>
        <translation>HTTP im Leerlauf</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Start the embedded server</source>
        <translation>Eingebetteten Server starten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Stop the embedded server</source>
        <translation>Eingebetteten Server stoppen</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>Restart the embedded server with its current settings</source>
        <translation>Eingebetteten Server mit seinen aktuellen Einstellungen neu starten</translation>
    </message>
    <message>
        <source>Stops the server (1001 to every client) and starts it again on the same port</source>
        <translation>Stoppt den Server (1001 an jeden Client) und startet ihn auf demselben Port neu</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>Empfang</translation>
    </message>
    <message>
        <source>This machine only</source>
        <translation>Nur dieser Rechner</translation>
    </message>
    <message>
        <source>Every IPv4 interface: reachable from the network</source>
        <translation>Alle IPv4-Schnittstellen: aus dem Netzwerk erreichbar</translation>
    </message>
    <message>
        <source>This machine only (IPv6)</source>
        <translation>Nur dieser Rechner (IPv6)</translation>
    </message>
    <message>
        <source>Every interface: reachable from the network</source>
        <translation>Alle Schnittstellen: aus dem Netzwerk erreichbar</translation>
    </message>
    <message>
        <source>Listen address</source>
        <translation>Empfangsadresse</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>beliebiger freier Port</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>WebSocket enabled</source>
        <translation>WebSocket aktiviert</translation>
    </message>
    <message>
        <source>Server-Sent Events enabled</source>
        <translation>Server-Sent Events aktiviert</translation>
    </message>
    <message>
        <source>Long polling</source>
        <translation>Long Polling</translation>
    </message>
    <message>
        <source>Long polling enabled</source>
        <translation>Long Polling aktiviert</translation>
    </message>
    <message>
        <source>Protocols</source>
        <translation>Protokolle</translation>
    </message>
    <message>
        <source>Worker threads</source>
        <translation>Worker-Threads</translation>
    </message>
    <message>
        <source>one per core (%1)</source>
        <translation>einer pro Kern (%1)</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Worker-Threads</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Zugriff</translation>
    </message>
    <message>
        <source>none (no authentication)</source>
        <translation>keins (keine Authentifizierung)</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Zugriffstoken</translation>
    </message>
    <message>
        <source>Clients send it as ?token= or Authorization: Bearer; without it WebSockets close with 4001 and HTTP answers 401</source>
        <translation>Clients senden es als ?token= oder Authorization: Bearer; ohne Token schließen WebSockets mit 4001 und HTTP antwortet mit 401</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Show the token</source>
        <translation>Token anzeigen</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>any origin; e.g. http://localhost:3000</source>
        <translation>beliebiger Origin; z. B. http://localhost:3000</translation>
    </message>
    <message>
        <source>Origins allowed to connect, separated by spaces or commas. Requests without an Origin header are always allowed; others get 1008 / 403.</source>
        <translation>Origins, die sich verbinden dürfen, getrennt durch Leerzeichen oder Kommas. Anfragen ohne Origin-Header sind immer erlaubt; andere erhalten 1008 / 403.</translation>
    </message>
    <message>
        <source>Allowed origins</source>
        <translation>Erlaubte Origins</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Grenzwerte</translation>
    </message>
    <message>
        <source>Maximum message size in bytes</source>
        <translation>Maximale Nachrichtengröße in Bytes</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> Bytes</translation>
    </message>
    <message>
        <source>Larger WebSocket messages close with 1009; larger HTTP bodies get 413</source>
        <translation>Größere WebSocket-Nachrichten werden mit 1009 geschlossen; größere HTTP-Bodys erhalten 413</translation>
    </message>
    <message>
        <source>Max message size</source>
        <translation>Max. Nachrichtengröße</translation>
    </message>
    <message>
        <source>Maximum connections per client address</source>
        <translation>Maximale Verbindungen pro Client-Adresse</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>0 (default): 256 per remote address, unlimited on loopback (load tests open thousands there)</source>
        <translation>0 (Standard): 256 pro entfernter Adresse, unbegrenzt auf Loopback (Lasttests öffnen dort Tausende)</translation>
    </message>
    <message>
        <source>Connections per address</source>
        <translation>Verbindungen pro Adresse</translation>
    </message>
    <message>
        <source>Messages per second per connection</source>
        <translation>Nachrichten pro Sekunde pro Verbindung</translation>
    </message>
    <message>
        <source> msg/s</source>
        <translation> Nachr./s</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>Token bucket per connection: over it an error envelope, then close 1008 if it persists</source>
        <translation>Token-Bucket pro Verbindung: bei Überschreitung eine Fehlernachricht, bei Fortdauer Schließen mit 1008</translation>
    </message>
    <message>
        <source>Message burst</source>
        <translation>Nachrichten-Burst</translation>
    </message>
    <message>
        <source>burst</source>
        <translation>Burst</translation>
    </message>
    <message>
        <source>Message rate</source>
        <translation>Nachrichtenrate</translation>
    </message>
    <message>
        <source>Slow consumer limit in bytes</source>
        <translation>Grenze für langsame Empfänger in Bytes</translation>
    </message>
    <message>
        <source>A subscriber with more unsent bytes than this is closed with 4008</source>
        <translation>Ein Abonnent mit mehr ungesendeten Bytes als diesem Wert wird mit 4008 geschlossen</translation>
    </message>
    <message>
        <source>Slow consumer after</source>
        <translation>Langsamer Empfänger ab</translation>
    </message>
    <message>
        <source>Heartbeats and replay</source>
        <translation>Heartbeats und Wiederholungspuffer</translation>
    </message>
    <message>
        <source>WebSocket ping interval in seconds</source>
        <translation>WebSocket-Ping-Intervall in Sekunden</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Connections that miss two pongs are closed</source>
        <translation>Verbindungen, die zwei Pongs verpassen, werden geschlossen</translation>
    </message>
    <message>
        <source>WebSocket ping every</source>
        <translation>WebSocket-Ping alle</translation>
    </message>
    <message>
        <source>SSE heartbeat interval in seconds</source>
        <translation>SSE-Heartbeat-Intervall in Sekunden</translation>
    </message>
    <message>
        <source>SSE heartbeat every</source>
        <translation>SSE-Heartbeat alle</translation>
    </message>
    <message>
        <source>Replay buffer size in messages per channel</source>
        <translation>Wiederholungspuffer-Größe in Nachrichten pro Kanal</translation>
    </message>
    <message>
        <source> messages</source>
        <translation> Nachrichten</translation>
    </message>
    <message>
        <source>Messages kept per channel for clients that resume (Last-Event-ID, sync, since)</source>
        <translation>Pro Kanal aufbewahrte Nachrichten für Clients, die fortsetzen (Last-Event-ID, sync, since)</translation>
    </message>
    <message>
        <source>Replay per channel</source>
        <translation>Wiederholungspuffer pro Kanal</translation>
    </message>
    <message>
        <source>Reachable from other machines without a token: anyone who can reach this port can connect, publish and read every channel. Set a token, or listen on 127.0.0.1.</source>
        <translation>Ohne Token von anderen Rechnern erreichbar: Wer diesen Port erreicht, kann sich verbinden, veröffentlichen und jeden Kanal lesen. Ein Token setzen oder auf 127.0.0.1 lauschen.</translation>
    </message>
    <message>
        <source>A run is in progress: settings can be applied when it ends. Fault buttons still act at once.</source>
        <translation>Ein Lauf ist im Gange: Einstellungen können nach seinem Ende angewendet werden. Störungsschaltflächen wirken weiterhin sofort.</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Apply the server settings</source>
        <translation>Servereinstellungen anwenden</translation>
    </message>
    <message>
        <source>Restarts the server with these settings on the same port</source>
        <translation>Startet den Server mit diesen Einstellungen auf demselben Port neu</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Revert the fields to the running settings</source>
        <translation>Felder auf die laufenden Einstellungen zurücksetzen</translation>
    </message>
    <message>
        <source>Address: &quot;%1&quot; is not an IP address (for example 127.0.0.1, 0.0.0.0 or ::1)</source>
        <translation>Adresse: &quot;%1&quot; ist keine IP-Adresse (zum Beispiel 127.0.0.1, 0.0.0.0 oder ::1)</translation>
    </message>
    <message>
        <source>Allowed origins: &quot;%1&quot; is not an origin such as http://localhost:3000</source>
        <translation>Erlaubte Origins: &quot;%1&quot; ist kein Origin wie http://localhost:3000</translation>
    </message>
    <message>
        <source>A run is in progress: apply the settings when it ends</source>
        <translation>Ein Lauf ist im Gange: Einstellungen nach seinem Ende anwenden</translation>
    </message>
    <message>
        <source>The server did not start with these settings: %1</source>
        <translation>Der Server ist mit diesen Einstellungen nicht gestartet: %1</translation>
    </message>
    <message>
        <source>The server did not start: %1</source>
        <translation>Der Server ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>The server did not start again: %1</source>
        <translation>Der Server ist nicht wieder gestartet: %1</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Refusing new connections (fault) on %1</source>
        <translation>Neue Verbindungen werden abgelehnt (Störung) auf %1</translation>
    </message>
    <message>
        <source>Restarting: not listening on %1</source>
        <translation>Neustart: lauscht nicht auf %1</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>Empfängt auf %1</translation>
    </message>
    <message>
        <source>Messages published %1, delivered %2</source>
        <translation>Nachrichten veröffentlicht %1, zugestellt %2</translation>
    </message>
    <message>
        <source>TLS (https://, wss://)</source>
        <translation>TLS (https://, wss://)</translation>
    </message>
    <message>
        <source>Off: http:// and ws://</source>
        <translation>Aus: http:// und ws://</translation>
    </message>
    <message>
        <source>Self-signed certificate, generated at each start</source>
        <translation>Selbstsigniertes Zertifikat, bei jedem Start erzeugt</translation>
    </message>
    <message>
        <source>Certificate and key files (PEM)</source>
        <translation>Zertifikat- und Schlüsseldatei (PEM)</translation>
    </message>
    <message>
        <source>A new EC P-256 certificate for localhost, 127.0.0.1, ::1 and the listen address, kept in memory. Browsers and clients warn about it unless told to accept it.</source>
        <translation>Ein neues EC-P-256-Zertifikat für localhost, 127.0.0.1, ::1 und die Listen-Adresse, nur im Speicher. Browser und Clients warnen davor, solange man sie nicht anweist, es zu akzeptieren.</translation>
    </message>
    <message>
        <source>TLS mode</source>
        <translation>TLS-Modus</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>Verschlüsselung</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose the file: %1</source>
        <translation>Datei wählen: %1</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>TLS certificate file</source>
        <translation>TLS-Zertifikatdatei</translation>
    </message>
    <message>
        <source>Choose the TLS certificate</source>
        <translation>TLS-Zertifikat wählen</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>Privater Schlüssel</translation>
    </message>
    <message>
        <source>TLS private key file</source>
        <translation>Datei des privaten TLS-Schlüssels</translation>
    </message>
    <message>
        <source>Choose the TLS private key</source>
        <translation>Privaten TLS-Schlüssel wählen</translation>
    </message>
    <message>
        <source>Keys (*.pem *.key);;All files (*)</source>
        <translation>Schlüssel (*.pem *.key);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>only for an encrypted key; not saved</source>
        <translation>nur für einen verschlüsselten Schlüssel; wird nicht gespeichert</translation>
    </message>
    <message>
        <source>Private key passphrase</source>
        <translation>Passphrase des privaten Schlüssels</translation>
    </message>
    <message>
        <source>Key passphrase</source>
        <translation>Schlüssel-Passphrase</translation>
    </message>
    <message>
        <source>TLS: choose the certificate file and its private key file, or another encryption mode</source>
        <translation>TLS: Zertifikatdatei und zugehörige Schlüsseldatei wählen oder einen anderen Verschlüsselungsmodus</translation>
    </message>
    <message>
        <source>A new certificate at every start, kept in memory only. Clients must be told to accept it (the simulator&apos;s &quot;insecure&quot; option, a browser&apos;s warning page).</source>
        <translation>Bei jedem Start ein neues Zertifikat, nur im Speicher. Clients müssen angewiesen werden, es zu akzeptieren (die Option „insecure“ des Simulators, die Warnseite eines Browsers).</translation>
    </message>
    <message>
        <source>The files are read when the server starts; a missing file, a key that does not belong to the certificate or an encrypted key without its passphrase is reported here.</source>
        <translation>Die Dateien werden beim Start des Servers gelesen; eine fehlende Datei, ein Schlüssel, der nicht zum Zertifikat gehört, oder ein verschlüsselter Schlüssel ohne Passphrase wird hier gemeldet.</translation>
    </message>
    <message>
        <source>Plain http:// and ws://, as most local development servers.</source>
        <translation>Unverschlüsseltes http:// und ws://, wie bei den meisten lokalen Entwicklungsservern.</translation>
    </message>
    <message>
        <source>PEM file. A certificate file may carry intermediate certificates after the server&apos;s; keys may be RSA, EC or DSA.</source>
        <translation>PEM-Datei. Eine Zertifikatdatei darf hinter dem Serverzertifikat Zwischenzertifikate enthalten; Schlüssel dürfen RSA, EC oder DSA sein.</translation>
    </message>
    <message>
        <source>server.crt (PEM)</source>
        <translation>server.crt (PEM)</translation>
    </message>
    <message>
        <source>server.key (PEM)</source>
        <translation>server.key (PEM)</translation>
    </message>
    <message>
        <source>none: channels are this server&apos;s own</source>
        <translation>keiner: die Kanäle gehören nur diesem Server</translation>
    </message>
    <message>
        <source>Broker between instances</source>
        <translation>Broker zwischen Instanzen</translation>
    </message>
    <message>
        <source>redis://HOST:PORT[/DB] or nats://HOST:PORT: join other socketscope serve instances through this broker (docs/server.md, &quot;Several instances&quot;)</source>
        <translation>redis://HOST:PORT[/DB] oder nats://HOST:PORT: über diesen Broker mit anderen socketscope-serve-Instanzen verbinden (docs/server.md, „Several instances“)</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>Broker</translation>
    </message>
    <message>
        <source>up, round trip %1 ms</source>
        <translation>erreichbar, Umlaufzeit %1 ms</translation>
    </message>
    <message>
        <source>not answering (publishes wait)</source>
        <translation>antwortet nicht (Veröffentlichungen warten)</translation>
    </message>
    <message>
        <source>unavailable (delivering locally only)</source>
        <translation>nicht verfügbar (nur lokale Zustellung)</translation>
    </message>
    <message>
        <source>Broker %1: %2; received %3, only local %4, recovered from the stream %5</source>
        <translation>Broker %1: %2; empfangen %3, nur lokal %4, aus dem Stream nachgeholt %5</translation>
    </message>
    <message>
        <source>Maximum WebSocket connections per user</source>
        <translation>Höchstzahl der WebSocket-Verbindungen je Benutzer</translation>
    </message>
    <message>
        <source>Users named by ?user= on the WebSocket URL; the next one is closed with 4029. With a Redis broker the limit counts every instance.</source>
        <translation>Benutzer, die die WebSocket-URL mit ?user= nennt; die nächste Verbindung wird mit 4029 geschlossen. Mit einem Redis-Broker zählt das Limit über alle Instanzen.</translation>
    </message>
    <message>
        <source>Connections per user</source>
        <translation>Verbindungen je Benutzer</translation>
    </message>
    <message>
        <source>Maximum number of channels</source>
        <translation>Höchstzahl der Kanäle</translation>
    </message>
    <message>
        <source> channels</source>
        <translation> Kanäle</translation>
    </message>
    <message>
        <source>A new channel beyond it is refused (WebSocket close 1008, HTTP 503) until an idle one is evicted</source>
        <translation>Ein neuer Kanal darüber hinaus wird abgewiesen (WebSocket-Close 1008, HTTP 503), bis ein unbenutzter entfernt wurde</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Seconds before an idle channel is evicted</source>
        <translation>Sekunden, bis ein unbenutzter Kanal entfernt wird</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>A channel with no subscriber and nothing published for this long is forgotten with its replay; a client resuming from it later gets a reset</source>
        <translation>Ein Kanal ohne Abonnenten, in dem so lange nichts veröffentlicht wurde, wird samt Wiederholungspuffer vergessen; ein Client, der später dort fortsetzt, erhält einen Reset</translation>
    </message>
    <message>
        <source>Evict idle channels after</source>
        <translation>Unbenutzte Kanäle entfernen nach</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Message types relayed to the channel without a number and never kept for replay, such as typing indicators; separated by spaces or commas</source>
        <translation>Nachrichtentypen, die ohne Nummer an den Kanal weitergeleitet und nie zur Wiederholung aufbewahrt werden, etwa Tipp-Anzeigen; durch Leerzeichen oder Kommas getrennt</translation>
    </message>
    <message>
        <source>Ephemeral message types</source>
        <translation>Flüchtige Nachrichtentypen</translation>
    </message>
    <message>
        <source>Not kept for replay</source>
        <translation>Nicht wiederholbar</translation>
    </message>
    <message>
        <source>off (the token above, if any)</source>
        <translation>aus (das Token oben, falls gesetzt)</translation>
    </message>
    <message>
        <source>JSON Web Token algorithm</source>
        <translation>Algorithmus für JSON Web Tokens</translation>
    </message>
    <message>
        <source>Accept JSON Web Tokens signed with this algorithm instead of the token; the user is the token&apos;s sub, and a token that expires closes its connection (4001)</source>
        <translation>JSON Web Tokens mit diesem Algorithmus statt des Tokens annehmen; der Benutzer ist das sub des Tokens, und ein ablaufendes Token schließt seine Verbindung (4001)</translation>
    </message>
    <message>
        <source>JWT</source>
        <translation>JWT</translation>
    </message>
    <message>
        <source>JWT secret or public key file</source>
        <translation>JWT-Geheimnis oder Datei mit öffentlichem Schlüssel</translation>
    </message>
    <message>
        <source>JWT key</source>
        <translation>JWT-Schlüssel</translation>
    </message>
    <message>
        <source>the shared secret (not saved)</source>
        <translation>das gemeinsame Geheimnis (wird nicht gespeichert)</translation>
    </message>
    <message>
        <source>the PEM public key file that verifies %1 tokens</source>
        <translation>die PEM-Datei mit dem öffentlichen Schlüssel, der %1-Tokens prüft</translation>
    </message>
</context>
<context>
    <name>SimClient</name>
    <message>
        <source>onOpen step %1: the message could not be sent</source>
        <translation>onOpen-Schritt %1: die Nachricht konnte nicht gesendet werden</translation>
    </message>
</context>
<context>
    <name>SimulatorPanel</name>
    <message>
        <source>Scenario name</source>
        <translation>Szenarioname</translation>
    </message>
    <message>
        <source>Embedded server</source>
        <translation>Eingebetteter Server</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Scenario target</source>
        <translation>Szenario-Ziel</translation>
    </message>
    <message>
        <source>ws://host:port/, wss://, http:// or https://</source>
        <translation>ws://host:port/, wss://, http:// oder https://</translation>
    </message>
    <message>
        <source>Target URL</source>
        <translation>Ziel-URL</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Add group</source>
        <translation>Gruppe hinzufügen</translation>
    </message>
    <message>
        <source>Add a group of clients</source>
        <translation>Eine Gruppe von Clients hinzufügen</translation>
    </message>
    <message>
        <source>Remove group</source>
        <translation>Gruppe entfernen</translation>
    </message>
    <message>
        <source>Remove the selected groups</source>
        <translation>Die ausgewählten Gruppen entfernen</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Start a new scenario</source>
        <translation>Ein neues Szenario beginnen</translation>
    </message>
    <message>
        <source>Load…</source>
        <translation>Laden…</translation>
    </message>
    <message>
        <source>Load a scenario file</source>
        <translation>Eine Szenariodatei laden</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Save the scenario</source>
        <translation>Das Szenario speichern</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <source>Save the scenario to another file</source>
        <translation>Das Szenario in einer anderen Datei speichern</translation>
    </message>
    <message>
        <source>Built-in scenarios</source>
        <translation>Integrierte Szenarien</translation>
    </message>
    <message>
        <source>Client groups</source>
        <translation>Client-Gruppen</translation>
    </message>
    <message>
        <source>Scenario JSON</source>
        <translation>Szenario-JSON</translation>
    </message>
    <message>
        <source>Scenario errors</source>
        <translation>Szenariofehler</translation>
    </message>
    <message>
        <source>Scenario JSON (docs/scenarios.md; what runs is exactly this text)</source>
        <translation>Szenario-JSON (docs/scenarios.md; ausgeführt wird genau dieser Text)</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>Szenario öffnen</translation>
    </message>
    <message>
        <source>Scenario files (*.json);;All files (*)</source>
        <translation>Szenariodateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save scenario</source>
        <translation>Szenario speichern</translation>
    </message>
    <message>
        <source>Select the group to remove first</source>
        <translation>Zuerst die zu entfernende Gruppe auswählen</translation>
    </message>
    <message>
        <source>1 group</source>
        <translation>1 Gruppe</translation>
    </message>
    <message>
        <source>%1 groups</source>
        <translation>%1 Gruppen</translation>
    </message>
    <message>
        <source>Valid: %1, %2 clients, runs %3</source>
        <translation>Gültig: %1, %2 Clients, Laufzeit %3</translation>
    </message>
    <message>
        <source>1 error: the scenario cannot run until it is fixed</source>
        <translation>1 Fehler: Das Szenario kann erst nach der Korrektur laufen</translation>
    </message>
    <message>
        <source>%1 errors: the scenario cannot run until they are fixed</source>
        <translation>%1 Fehler: Das Szenario kann erst nach der Korrektur laufen</translation>
    </message>
</context>
<context>
    <name>SocketIoControls</name>
    <message>
        <source>Engine.IO session open over %1
sid: %2
upgrades: %3
ping every %4 ms, timeout %5 ms
maxPayload: %6 bytes</source>
        <translation>Engine.IO-Sitzung offen über %1
sid: %2
upgrades: %3
Ping alle %4 ms, Timeout %5 ms
maxPayload: %6 Bytes</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>upgraded to websocket</source>
        <translation>auf websocket umgestellt</translation>
    </message>
    <message>
        <source>CONNECT %1 accepted: %2</source>
        <translation>CONNECT %1 angenommen: %2</translation>
    </message>
    <message>
        <source>CONNECT_ERROR from %1: %2</source>
        <translation>CONNECT_ERROR von %1: %2</translation>
    </message>
    <message>
        <source>ACK %1 after %2 ms: %3</source>
        <translation>ACK %1 nach %2 ms: %3</translation>
    </message>
    <message>
        <source>Socket.IO</source>
        <translation>Socket.IO</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>polling, then upgrade to WebSocket</source>
        <translation>Polling, dann Upgrade auf WebSocket</translation>
    </message>
    <message>
        <source>WebSocket only</source>
        <translation>nur WebSocket</translation>
    </message>
    <message>
        <source>polling only</source>
        <translation>nur Polling</translation>
    </message>
    <message>
        <source>How Engine.IO carries the packets: the official client starts with HTTP long-polling and moves to WebSocket</source>
        <translation>Wie Engine.IO die Pakete transportiert: Der offizielle Client beginnt mit HTTP-Long-Polling und wechselt zu WebSocket</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>The namespace to CONNECT to: &quot;/&quot; or &quot;/name&quot;</source>
        <translation>Der Namespace für CONNECT: „/“ oder „/name“</translation>
    </message>
    <message>
        <source>Auth</source>
        <translation>Auth</translation>
    </message>
    <message>
        <source>optional: {&quot;token&quot;: &quot;...&quot;}</source>
        <translation>optional: {&quot;token&quot;: &quot;...&quot;}</translation>
    </message>
    <message>
        <source>A JSON object sent in the CONNECT packet (socket.handshake.auth on the server)</source>
        <translation>Ein JSON-Objekt, das im CONNECT-Paket gesendet wird (socket.handshake.auth auf dem Server)</translation>
    </message>
    <message>
        <source>Transport:</source>
        <translation>Transport:</translation>
    </message>
    <message>
        <source>Namespace:</source>
        <translation>Namespace:</translation>
    </message>
    <message>
        <source>Auth:</source>
        <translation>Auth:</translation>
    </message>
    <message>
        <source>Emit</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Event name</source>
        <translation>Event-Name</translation>
    </message>
    <message>
        <source>event name</source>
        <translation>Event-Name</translation>
    </message>
    <message>
        <source>Ask for an ack</source>
        <translation>Quittung anfordern</translation>
    </message>
    <message>
        <source>Send the event with an ack id; the server&apos;s ACK shows with its round trip</source>
        <translation>Das Event mit einer Ack-ID senden; das ACK des Servers erscheint mit seiner Round-Trip-Zeit</translation>
    </message>
    <message>
        <source>Emit the event with the arguments (Ctrl+Return)</source>
        <translation>Das Event mit den Argumenten senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumente</translation>
    </message>
    <message>
        <source>[{&quot;text&quot;: &quot;hello&quot;}]   a JSON array: the event&apos;s arguments (Ctrl+Return emits)</source>
        <translation>[{&quot;text&quot;: &quot;hello&quot;}]   ein JSON-Array: die Argumente des Events (Strg+Eingabe sendet)</translation>
    </message>
    <message>
        <source>Emit error</source>
        <translation>Sendefehler</translation>
    </message>
    <message>
        <source>Last ack</source>
        <translation>Letzte Quittung</translation>
    </message>
    <message>
        <source>No ack yet.</source>
        <translation>Noch keine Quittung.</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>Event:</translation>
    </message>
    <message>
        <source>Namespace: %1</source>
        <translation>Namespace: %1</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>Not sent: the event has no name</source>
        <translation>Nicht gesendet: Das Event hat keinen Namen</translation>
    </message>
    <message>
        <source>Not sent: not connected</source>
        <translation>Nicht gesendet: nicht verbunden</translation>
    </message>
    <message>
        <source>Not sent: the session refused it</source>
        <translation>Nicht gesendet: Die Sitzung hat es abgelehnt</translation>
    </message>
    <message>
        <source>Waiting for ACK %1…</source>
        <translation>Warte auf ACK %1…</translation>
    </message>
</context>
<context>
    <name>SocketIoManualSession</name>
    <message>
        <source>the URL is not valid</source>
        <translation>die URL ist ungültig</translation>
    </message>
    <message>
        <source>a Socket.IO URL starts with http://, https://, ws:// or wss://</source>
        <translation>eine Socket.IO-URL beginnt mit http://, https://, ws:// oder wss://</translation>
    </message>
    <message>
        <source>the URL has no host</source>
        <translation>die URL hat keinen Host</translation>
    </message>
    <message>
        <source>a namespace starts with &quot;/&quot; and has no comma (&quot;/&quot;, &quot;/chat&quot;)</source>
        <translation>ein Namespace beginnt mit „/“ und enthält kein Komma („/“, „/chat“)</translation>
    </message>
    <message>
        <source>Cannot connect to &quot;%1&quot;: %2</source>
        <translation>Verbindung zu „%1“ nicht möglich: %2</translation>
    </message>
    <message>
        <source>Cannot connect to namespace &quot;%1&quot;: %2</source>
        <translation>Verbindung zum Namespace „%1“ nicht möglich: %2</translation>
    </message>
    <message>
        <source>connecting to %1 (%2, namespace %3)</source>
        <translation>Verbindung zu %1 (%2, Namespace %3)</translation>
    </message>
    <message>
        <source>Engine.IO session %1 open over %2 (ping every %3 ms, timeout %4 ms)</source>
        <translation>Engine.IO-Sitzung %1 offen über %2 (Ping alle %3 ms, Timeout %4 ms)</translation>
    </message>
    <message>
        <source>upgraded to WebSocket</source>
        <translation>auf WebSocket umgestellt</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>Anhang</translation>
    </message>
    <message>
        <source>not a Socket.IO packet: %1</source>
        <translation>kein Socket.IO-Paket: %1</translation>
    </message>
    <message>
        <source>a binary message that no packet announced</source>
        <translation>eine Binärnachricht, die kein Paket angekündigt hat</translation>
    </message>
    <message>
        <source>connected to namespace %1 (socket id %2)</source>
        <translation>mit Namespace %1 verbunden (Socket-ID %2)</translation>
    </message>
    <message>
        <source>CONNECT_ERROR: %1</source>
        <translation>CONNECT_ERROR: %1</translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation>(keine Meldung)</translation>
    </message>
    <message>
        <source>the server disconnected the namespace</source>
        <translation>der Server hat den Namespace getrennt</translation>
    </message>
    <message>
        <source>an ACK for id %1, which was not asked for</source>
        <translation>ein ACK für ID %1, die nicht angefordert wurde</translation>
    </message>
    <message>
        <source>the Engine.IO session ended: %1</source>
        <translation>die Engine.IO-Sitzung endete: %1</translation>
    </message>
    <message>
        <source>could not open the Engine.IO session: %1</source>
        <translation>die Engine.IO-Sitzung konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>not sent: not connected</source>
        <translation>nicht gesendet: nicht verbunden</translation>
    </message>
    <message>
        <source>not sent: the event has no name</source>
        <translation>nicht gesendet: das Event hat keinen Namen</translation>
    </message>
    <message>
        <source>not sent: the session is not open</source>
        <translation>nicht gesendet: die Sitzung ist nicht offen</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <source>connection dropped by the client</source>
        <translation>Verbindung vom Client getrennt</translation>
    </message>
</context>
<context>
    <name>StagedCluster</name>
    <message>
        <source>the broker did not start: %1</source>
        <translation>der Broker ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>broker paused</source>
        <translation>Broker angehalten</translation>
    </message>
    <message>
        <source>broker resumed</source>
        <translation>Broker fortgesetzt</translation>
    </message>
    <message>
        <source>broker running again</source>
        <translation>Broker läuft wieder</translation>
    </message>
    <message>
        <source>the instances did not start: %1</source>
        <translation>die Instanzen sind nicht gestartet: %1</translation>
    </message>
    <message>
        <source>instance %1 down</source>
        <translation>Instanz %1 ausgefallen</translation>
    </message>
    <message>
        <source>instance %1 listening again</source>
        <translation>Instanz %1 lauscht wieder</translation>
    </message>
    <message>
        <source>nginx did not start: %1</source>
        <translation>nginx ist nicht gestartet: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n instance(s)</source>
        <translation>
            <numerusform>%n Instanz</numerusform>
            <numerusform>%n Instanzen</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 (private, %2)</source>
        <translation>, %1 (eigener, %2)</translation>
    </message>
    <message>
        <source>, broker %1</source>
        <translation>, Broker %1</translation>
    </message>
    <message>
        <source>, nginx %1 on 127.0.0.1:%2</source>
        <translation>, nginx %1 auf 127.0.0.1:%2</translation>
    </message>
    <message>
        <source>kill instance %1 (SIGKILL), back after %2</source>
        <translation>Instanz %1 beenden (SIGKILL), zurück nach %2</translation>
    </message>
    <message>
        <source>kill instance %1: not done, the instance is not listening</source>
        <translation>Instanz %1 beenden: nicht ausgeführt, die Instanz lauscht nicht</translation>
    </message>
    <message>
        <source>broker down: not done, the run did not start the broker</source>
        <translation>Broker-Ausfall: nicht ausgeführt, der Lauf hat den Broker nicht gestartet</translation>
    </message>
    <message>
        <source>pause the broker (SIGSTOP) for %1</source>
        <translation>den Broker für %1 anhalten (SIGSTOP)</translation>
    </message>
    <message>
        <source>stop the broker (SIGKILL, its data lost), start it again after %1</source>
        <translation>den Broker beenden (SIGKILL, seine Daten gehen verloren) und nach %1 wieder starten</translation>
    </message>
    <message>
        <source>the broker did not start again: %1</source>
        <translation>der Broker ist nicht wieder gestartet: %1</translation>
    </message>
    <message>
        <source>cut instance %1 off from the broker for %2</source>
        <translation>Instanz %1 für %2 vom Broker trennen</translation>
    </message>
    <message>
        <source>partition instance %1: not done, the instance is not running</source>
        <translation>Instanz %1 trennen: nicht ausgeführt, die Instanz läuft nicht</translation>
    </message>
</context>
<context>
    <name>ThresholdEvaluator</name>
    <message>
        <source>%1: %2, expected %3</source>
        <translation>%1: %2, erwartet %3</translation>
    </message>
    <message>
        <source>%1 was %2, expected %3</source>
        <translation>%1 war %2, erwartet %3</translation>
    </message>
    <message>
        <source>unknown metric</source>
        <translation>unbekannte Metrik</translation>
    </message>
    <message>
        <source>a duration (the condition needs a unit such as ms)</source>
        <translation>eine Dauer (die Bedingung braucht eine Einheit wie ms)</translation>
    </message>
    <message>
        <source>no samples yet</source>
        <translation>noch keine Stichproben</translation>
    </message>
    <message>
        <source>no samples</source>
        <translation>keine Stichproben</translation>
    </message>
    <message>
        <source>0 (no connection fault)</source>
        <translation>0 (keine Verbindungsstörung)</translation>
    </message>
    <message>
        <source>still recovering</source>
        <translation>erholt sich noch</translation>
    </message>
    <message>
        <source>over %1</source>
        <translation>über %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>a count, not a duration</source>
        <translation>eine Anzahl, keine Dauer</translation>
    </message>
    <message>
        <source>a count with no base for %</source>
        <translation>eine Anzahl ohne Bezugsgröße für %</translation>
    </message>
    <message>
        <source>nothing checked yet</source>
        <translation>noch nichts geprüft</translation>
    </message>
    <message>
        <source>nothing checked (no delivery was accounted: see the summary&apos;s accounting column)</source>
        <translation>nichts geprüft (keine Zustellung wurde gezählt: siehe die Zählung in der Zusammenfassung)</translation>
    </message>
</context>
<context>
    <name>WsClientConnection</name>
    <message>
        <source>unsupported URL scheme &quot;%1&quot; (ws or wss)</source>
        <translation>nicht unterstütztes URL-Schema „%1“ (ws oder wss)</translation>
    </message>
    <message>
        <source>invalid handshake response: %1</source>
        <translation>ungültige Handshake-Response: %1</translation>
    </message>
    <message>
        <source>not a response head</source>
        <translation>kein Response-Kopf</translation>
    </message>
    <message>
        <source>the server refused the WebSocket handshake: HTTP %1 %2</source>
        <translation>der Server hat den WebSocket-Handshake abgelehnt: HTTP %1 %2</translation>
    </message>
    <message>
        <source>Upgrade is &quot;%1&quot;, expected &quot;websocket&quot; (RFC 6455 4.1)</source>
        <translation>Upgrade ist „%1“, erwartet „websocket“ (RFC 6455 4.1)</translation>
    </message>
    <message>
        <source>Connection is &quot;%1&quot;, expected &quot;Upgrade&quot; (RFC 6455 4.1)</source>
        <translation>Connection ist „%1“, erwartet „Upgrade“ (RFC 6455 4.1)</translation>
    </message>
    <message>
        <source>Sec-WebSocket-Accept is &quot;%1&quot;, expected &quot;%2&quot; for the key sent (RFC 6455 4.1)</source>
        <translation>Sec-WebSocket-Accept ist „%1“, erwartet „%2“ für den gesendeten Schlüssel (RFC 6455 4.1)</translation>
    </message>
    <message>
        <source>the server chose extensions &quot;%1&quot; that were not offered (RFC 6455 4.1)</source>
        <translation>der Server hat die Erweiterungen „%1“ gewählt, die nicht angeboten wurden (RFC 6455 4.1)</translation>
    </message>
    <message>
        <source>the connection closed during the opening handshake</source>
        <translation>die Verbindung wurde während des öffnenden Handshakes geschlossen</translation>
    </message>
    <message>
        <source>closed by the client before the handshake completed</source>
        <translation>vom Client geschlossen, bevor der Handshake abgeschlossen war</translation>
    </message>
    <message>
        <source>the connection ended without a Close frame</source>
        <translation>die Verbindung endete ohne Close-Frame</translation>
    </message>
    <message>
        <source>the server chose subprotocol &quot;%1&quot; but none was offered (RFC 6455 4.1)</source>
        <translation>der Server wählte das Subprotokoll &quot;%1&quot;, obwohl keines angeboten wurde (RFC 6455 4.1)</translation>
    </message>
    <message>
        <source>the server chose subprotocol &quot;%1&quot;, not one of those offered (%2) (RFC 6455 4.1)</source>
        <translation>der Server wählte das Subprotokoll &quot;%1&quot;, keines der angebotenen (%2) (RFC 6455 4.1)</translation>
    </message>
</context>
</TS>
