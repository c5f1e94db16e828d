<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ClientSocket</name>
    <message>
        <source>unsupported URL scheme &quot;%1&quot; (http, https, ws or wss)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS is not available (no OpenSSL backend)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot bind to source address %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DescriptorBudget</name>
    <message>
        <source>%1 client connections, %2 for the embedded server&apos;s side of them, %3 in reserve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 client connections, %2 in reserve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run fewer clients (--clients-scale %1), </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run fewer clients (--clients-scale), </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this scenario needs about %1 file descriptors at its peak (%2), but the process may open only %3 (RLIMIT_NOFILE). Raise the limit with &apos;ulimit -n %1&apos; (above the hard limit, &apos;ulimit -Hn&apos;, that needs root, or LimitNOFILE= for a service), %4or run the server in another process (&apos;socketscope serve&apos;, then --target ws://HOST:PORT/).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HttpClientConnection</name>
    <message>
        <source>invalid response: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response %1 without a request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response body exceeds %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>connection closed with %n response(s) outstanding</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>SocketScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run did not start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all thresholds held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a threshold failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run finished: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the scenario (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End the run now; its report is still made (Ctrl+.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy page URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find in inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manual client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV time series…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JUnit XML…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;chart…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;aults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the fault menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language applies the next time SocketScope starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worker &amp;event loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoll (fast at tens of thousands of connections)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SocketScope&apos;s own epoll event loop: the cost of a wake-up does not grow with open connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt stock (to compare)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt&apos;s own event dispatcher: polls every socket on every wake-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 event loop applies the next time SocketScope starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About SocketScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About SocketScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;SocketScope %1&lt;/b&gt;&lt;p&gt;An embedded WebSocket, SSE and long-polling server, swarms of simulated clients and live charts, in one window.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scenario Start runs (edit it in the Simulator panel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browser page URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the browser page URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SocketScope&apos;s own CPU use (100 % = one core). Amber or red: the tool itself is close to distorting what it measures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How late the slowest event loop (window or client pool) ran in the last second. Amber from 20 ms, red from 100 ms: latencies then include the tool&apos;s own delay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scenario has errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready: press Start to run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished after %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections: server %L1 · clients %L2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loop lag %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report was not written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chart was not written</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ManualFrame</name>
    <message>
        <source>(no payload)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(round trip %1 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>event: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>id: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retry: %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close code: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retry: %1 ms (the reconnection time the server asks for)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handshake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>binary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>... %n more byte(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunReport</name>
    <message>
        <source>group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>proto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>peak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ooo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2s against %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>peak connects/s: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, recovery after the fault at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, CPU mean %1%, max %2%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>thresholds:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PASS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aborted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>result: no thresholds, exit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>result: all %1 thresholds passed, exit %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>result: %1 of %2 thresholds failed, exit %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunSession</name>
    <message>
        <source>The embedded server did not start with the scenario&apos;s settings: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: ramp-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: ramp-down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped from the window</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Runner</name>
    <message>
        <source>fault steps need the embedded server; this run targets %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;sourceAddresses&quot;: %1 needs a plain IPv4 loopback target (ws://127.0.0.1:PORT/ or http://...); this run targets %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the embedded server is not running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the embedded server did not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>threshold %1 failed during the run: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Server</name>
    <message>
        <source>the server is already running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot listen on %1:%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerConfigSettings</name>
    <message>
        <source>server/%1: &quot;%2&quot; is not usable; the default is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server settings: %1; the defaults are used</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThresholdEvaluator</name>
    <message>
        <source>%1: %2, expected %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was %2, expected %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a duration (the condition needs a unit such as ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no samples yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 (no connection fault)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>still recovering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>over %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a count, not a duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a count with no base for %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WsClientConnection</name>
    <message>
        <source>unsupported URL scheme &quot;%1&quot; (ws or wss)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid handshake response: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a response head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server refused the WebSocket handshake: HTTP %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrade is &quot;%1&quot;, expected &quot;websocket&quot; (RFC 6455 4.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection is &quot;%1&quot;, expected &quot;Upgrade&quot; (RFC 6455 4.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sec-WebSocket-Accept is &quot;%1&quot;, expected &quot;%2&quot; for the key sent (RFC 6455 4.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server chose extensions &quot;%1&quot; that were not offered (RFC 6455 4.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server chose subprotocol &quot;%1&quot; that was not offered (RFC 6455 4.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection closed during the opening handshake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed by the client before the handshake completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection ended without a Close frame</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
