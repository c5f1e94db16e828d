// Records what a page does on the network, over the DevTools protocol, and writes it as a HAR 1.2
// log the way Chrome DevTools' "Export HAR" does (front_end/models/har/Log.ts and Writer.ts):
// the same entry fields in the same order, `_resourceType`, `_initiator`, `_priority`, and for a
// WebSocket the custom `_webSocketMessages` array:
//   {"type": "send"|"receive"|"error", "time": <seconds since the epoch, float>,
//    "opcode": 1 (text) | 2 (binary, data in base64) | ..., "data": <payload as CDP gives it>}
// What SocketScope's HAR import reads; tests/external/record_har.mjs is the command line.
//
//   const chrome = await launchChromium(executable, WebSocket);   // ./chromium.mjs
//   const recorder = new HarRecorder(chrome.page, chrome.browser);
//   await recorder.start();                 // Network.enable, before the page is opened
//   ... navigate, let the page work ...
//   const har = await recorder.har();       // bodies fetched, then {log: {...}}
//   JSON.stringify(har, null, 2)            // DevTools' layout (2-space indent)
//
// Sources: Network.requestWillBeSent(+ExtraInfo), responseReceived(+ExtraInfo), dataReceived,
// loadingFinished/loadingFailed for ordinary requests (so socket.io's long-polling requests are
// ordinary entries with their bodies), and webSocketCreated, webSocketWillSendHandshakeRequest,
// webSocketHandshakeResponseReceived, webSocketFrameSent/Received/Error, webSocketClosed for
// WebSockets; Page.domContentEventFired/loadEventFired for the page timings.
import { withTimeout } from './serve.mjs';

const MAX_BODY_FETCHES = 2000; // every loop bounded: a page that makes more requests keeps no more bodies

// CDP's ResourceType (e.g. "XHR") as DevTools names it in `_resourceType` (e.g. "xhr").
const RESOURCE_TYPE_NAMES = {
  TextTrack: 'texttrack', SignedExchange: 'signed-exchange', CSPViolationReport: 'csp-violation-report',
  WebSocket: 'websocket', EventSource: 'eventsource',
};
const resourceTypeName = (type) => RESOURCE_TYPE_NAMES[type] ?? String(type ?? 'Other').toLowerCase();

// A CDP Headers object ({name: value}, repeated headers joined by "\n") as a HAR header list, the
// way DevTools' headersMapToHeadersArray splits it.
function headerList(headers) {
  const list = [];
  for (const [name, value] of Object.entries(headers ?? {}))
    for (const line of String(value).split('\n')) list.push({ name, value: line });
  return list;
}

function headerValue(list, name) {
  const lower = name.toLowerCase();
  const found = list.filter((h) => h.name.toLowerCase() === lower).map((h) => h.value);
  return found.length ? found.join(', ') : undefined;
}

// DevTools' NetworkRequest.queryParameters: the raw pairs of the query, not decoded.
function queryString(url) {
  const noFragment = url.split('#', 2)[0];
  const q = noFragment.indexOf('?');
  if (q < 0 || q === noFragment.length - 1) return [];
  return noFragment.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0 ? { name: pair, value: '' } : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
  });
}

// "HTTP/1.1" from a raw head's first line (request: last word; response: first word).
function versionFromHeadersText(text, isResponse) {
  if (!text) return undefined;
  const firstLine = text.split(/\r\n/)[0];
  const match = isResponse ? /^(HTTP\/\d+(?:\.\d+)?)/.exec(firstLine) : /(HTTP\/\d+(?:\.\d+)?)$/.exec(firstLine);
  return match ? match[1] : undefined;
}

// DevTools' filteredProtocolName: what it shows as httpVersion without a raw head.
function protocolName(protocol) {
  const p = String(protocol ?? '').toLowerCase();
  if (p === 'h2') return 'http/2.0';
  return p.replace(/^http\/2(\.0)?\+/, 'http/2.0+');
}

const STATUS_TEXT = { 101: 'Switching Protocols' };

export class HarRecorder {
  // `browser`: the browser-wide DevToolsSession, for Browser.getVersion (the creator version).
  constructor(page, browser = null) {
    this.page = page;
    this.browser = browser;
    this.requests = new Map(); // requestId -> the request being recorded (the current one of a redirect chain)
    this.done = [];            // requests replaced by a redirect
    this.order = 0;
    this.wallOffset = null;    // wallTime - timestamp, from the first event that has both
    this.pageTimes = { started: null, startedWall: null, url: null, contentLoad: -1, load: -1 };
    this.bodyFetches = [];
    this.browserVersion = null;
    this.events = [];          // raw events, when keepEvents
    this.keepEvents = false;
  }

  async start({ keepEvents = false } = {}) {
    this.keepEvents = keepEvents;
    this.page.on((message) => this.onEvent(message));
    this.browserVersion = await (this.browser ?? this.page).send('Browser.getVersion').catch(() => null);
    await this.page.send('Network.enable', { maxPostDataSize: 1024 * 1024 });
  }

  request(requestId, create = false) {
    let r = this.requests.get(requestId);
    if (!r && create) {
      r = {
        requestId, order: this.order++, kind: 'http', url: '', method: 'GET', resourceType: 'Other',
        initiator: null, priority: null, requestHeaders: [], requestHeadersExtra: null,
        requestHeadersText: undefined, postData: undefined, hasPostData: false,
        issueTime: -1, wallIssueTime: null, startTime: -1, responseReceivedTime: -1, endTime: -1,
        status: 0, statusText: '', responseHeaders: [], responseHeadersExtra: null,
        responseHeadersText: undefined, mimeType: '', protocol: '', remoteIPAddress: '',
        remotePort: undefined, connectionId: undefined, timing: null, resourceSize: 0,
        transferSize: 0, fromDiskCache: false, fromMemoryCache: false, failed: null,
        body: null, frames: [], finished: false,
      };
      this.requests.set(requestId, r);
    }
    return r;
  }

  pseudoWallTime(r, monotonic) {
    if (r.wallIssueTime !== null && r.issueTime >= 0) return r.wallIssueTime - r.issueTime + monotonic;
    return this.wallOffset !== null ? this.wallOffset + monotonic : monotonic;
  }

  onEvent({ method, params }) {
    if (!method || !params) return;
    if (this.keepEvents && (method.startsWith('Network.') || method.startsWith('Page.')))
      this.events.push({ method, params });
    const handler = this[`on_${method.replace('.', '_')}`];
    if (handler) handler.call(this, params);
  }

  on_Page_domContentEventFired({ timestamp }) { this.pageTimes.contentLoad = timestamp; }
  on_Page_loadEventFired({ timestamp }) { this.pageTimes.load = timestamp; }

  on_Network_requestWillBeSent(p) {
    if (p.wallTime !== undefined && this.wallOffset === null) this.wallOffset = p.wallTime - p.timestamp;
    let r = this.requests.get(p.requestId);
    if (r && r.kind === 'websocket') return; // the handshake of a WebSocket: webSocket* events tell it
    if (r && p.redirectResponse) {
      this.applyResponse(r, p.redirectResponse, p.timestamp);
      r.endTime = p.timestamp;
      r.finished = true;
      this.done.push(r);
      this.requests.delete(p.requestId);
      r = null;
    }
    r = r ?? this.request(p.requestId, true);
    r.url = p.request.url + (p.request.urlFragment ?? '');
    r.method = p.request.method;
    r.requestHeaders = headerList(p.request.headers);
    r.postData = p.request.postData ?? (p.request.postDataEntries?.every((e) => e.bytes !== undefined)
      ? p.request.postDataEntries.map((e) => Buffer.from(e.bytes, 'base64').toString('utf8')).join('') : undefined);
    r.hasPostData = Boolean(p.request.hasPostData);
    r.priority = p.request.initialPriority ?? null;
    r.resourceType = p.type ?? 'Other';
    r.initiator = p.initiator ?? null;
    r.issueTime = p.timestamp;
    r.startTime = p.timestamp;
    r.wallIssueTime = p.wallTime ?? null;
    if (p.type === 'Document' && this.pageTimes.started === null && p.request.url.startsWith('http')) {
      this.pageTimes.started = p.timestamp;
      this.pageTimes.startedWall = p.wallTime;
      this.pageTimes.url = p.request.url;
    }
  }

  on_Network_requestWillBeSentExtraInfo(p) {
    const r = this.request(p.requestId, true);
    r.requestHeadersExtra = headerList(p.headers);
  }

  applyResponse(r, response, timestamp) {
    r.status = response.status;
    r.statusText = response.statusText ?? '';
    r.responseHeaders = headerList(response.headers);
    if (response.headersText) r.responseHeadersText = response.headersText;
    if (response.requestHeadersText) r.requestHeadersText = response.requestHeadersText;
    r.mimeType = response.mimeType ?? '';
    r.protocol = response.protocol ?? r.protocol;
    r.remoteIPAddress = response.remoteIPAddress ?? '';
    r.remotePort = response.remotePort;
    r.connectionId = response.connectionId;
    r.fromDiskCache = Boolean(response.fromDiskCache);
    r.transferSize = response.encodedDataLength ?? r.transferSize;
    r.responseReceivedTime = timestamp;
    if (response.timing) {
      // DevTools' NetworkRequest.timing setter: the request really started at timing.requestTime,
      // and its headers came at requestTime + receiveHeadersEnd when that is earlier.
      r.timing = response.timing;
      r.startTime = response.timing.requestTime;
      const headersReceived = response.timing.requestTime + response.timing.receiveHeadersEnd / 1000;
      if (r.responseReceivedTime < 0 || r.responseReceivedTime > headersReceived)
        r.responseReceivedTime = headersReceived;
    }
  }

  on_Network_responseReceived(p) {
    const r = this.requests.get(p.requestId);
    if (!r || r.kind === 'websocket') return;
    this.applyResponse(r, p.response, p.timestamp);
  }

  on_Network_responseReceivedExtraInfo(p) {
    const r = this.request(p.requestId, true);
    r.responseHeadersExtra = headerList(p.headers);
    if (p.headersText) r.responseHeadersText = p.headersText;
    if (p.statusCode && !r.status) r.status = p.statusCode;
  }

  on_Network_requestServedFromCache(p) {
    const r = this.requests.get(p.requestId);
    if (r) r.fromMemoryCache = true;
  }

  on_Network_dataReceived(p) {
    const r = this.requests.get(p.requestId);
    if (r) r.resourceSize += p.dataLength;
  }

  on_Network_loadingFinished(p) {
    const r = this.requests.get(p.requestId);
    if (!r || r.kind === 'websocket') return;
    r.endTime = p.timestamp;
    r.transferSize = p.encodedDataLength;
    r.finished = true;
    if (this.bodyFetches.length < MAX_BODY_FETCHES) {
      this.bodyFetches.push(this.page.send('Network.getResponseBody', { requestId: p.requestId }, 5000)
        .then(({ body, base64Encoded }) => { r.body = { text: body, encoded: base64Encoded }; })
        .catch(() => {}));
    }
  }

  on_Network_loadingFailed(p) {
    const r = this.requests.get(p.requestId);
    if (!r || r.kind === 'websocket') return;
    r.endTime = p.timestamp;
    r.failed = p.canceled ? 'net::ERR_ABORTED' : p.errorText;
    r.finished = true;
  }

  on_Network_webSocketCreated(p) {
    const r = this.request(p.requestId, true);
    r.kind = 'websocket';
    r.resourceType = 'WebSocket';
    r.url = p.url;
    r.initiator = p.initiator ?? null;
  }

  on_Network_webSocketWillSendHandshakeRequest(p) {
    if (p.wallTime !== undefined && this.wallOffset === null) this.wallOffset = p.wallTime - p.timestamp;
    const r = this.request(p.requestId, true);
    r.kind = 'websocket';
    r.method = 'GET';
    r.requestHeaders = headerList(p.request.headers);
    r.issueTime = p.timestamp;
    r.startTime = p.timestamp;
    r.wallIssueTime = p.wallTime ?? null;
  }

  on_Network_webSocketHandshakeResponseReceived(p) {
    const r = this.requests.get(p.requestId);
    if (!r) return;
    const response = p.response;
    r.status = response.status;
    r.statusText = response.statusText || STATUS_TEXT[response.status] || '';
    r.responseHeaders = headerList(response.headers);
    if (response.headersText) r.responseHeadersText = response.headersText;
    if (response.requestHeaders) r.requestHeaders = headerList(response.requestHeaders);
    if (response.requestHeadersText) r.requestHeadersText = response.requestHeadersText;
    r.responseReceivedTime = p.timestamp;
  }

  // A WebSocket that failed before its handshake has no issue time: it starts at its first event.
  seen(r, timestamp) {
    if (r.issueTime < 0) {
      r.issueTime = timestamp;
      r.startTime = timestamp;
    }
  }

  frame(requestId, type, timestamp, opcode, data) {
    const r = this.requests.get(requestId);
    if (!r) return;
    this.seen(r, timestamp);
    r.frames.push({ type, time: this.pseudoWallTime(r, timestamp), opcode, data });
  }

  on_Network_webSocketFrameSent(p) {
    this.frame(p.requestId, 'send', p.timestamp, p.response.opcode, p.response.payloadData);
  }

  on_Network_webSocketFrameReceived(p) {
    this.frame(p.requestId, 'receive', p.timestamp, p.response.opcode, p.response.payloadData);
  }

  on_Network_webSocketFrameError(p) {
    this.frame(p.requestId, 'error', p.timestamp, -1, p.errorMessage);
  }

  on_Network_webSocketClosed(p) {
    const r = this.requests.get(p.requestId);
    if (!r) return;
    this.seen(r, p.timestamp);
    r.endTime = p.timestamp;
    r.finished = true;
  }

  // Fills in the post data CDP left out, waits for the response bodies; then the HAR object.
  async har() {
    const all = [...this.done, ...this.requests.values()];
    const postFetches = [];
    for (const r of all.slice(0, MAX_BODY_FETCHES)) {
      if (r.kind === 'http' && r.hasPostData && r.postData === undefined) {
        postFetches.push(this.page.send('Network.getRequestPostData', { requestId: r.requestId }, 5000)
          .then(({ postData }) => { r.postData = postData; }).catch(() => {}));
      }
    }
    await withTimeout(Promise.all([...this.bodyFetches, ...postFetches]), 20000, 'response bodies')
      .catch(() => {});

    // DevTools sorts by issueTime, the entry's startedDateTime.
    const requests = all.filter((r) => r.issueTime >= 0 && r.url)
      .sort((a, b) => a.issueTime - b.issueTime || a.order - b.order);
    const pages = [];
    if (this.pageTimes.started !== null) {
      const since = (t) => (t < 0 ? -1 : (t - this.pageTimes.started) * 1000);
      pages.push({
        startedDateTime: new Date(this.pageTimes.startedWall * 1000).toJSON(),
        id: 'page_1',
        title: this.pageTimes.url,
        pageTimings: { onContentLoad: since(this.pageTimes.contentLoad), onLoad: since(this.pageTimes.load) },
      });
    }
    const webKit = /AppleWebKit\/([^ ]+)/.exec(this.browserVersion?.userAgent ?? '');
    return {
      log: {
        version: '1.2',
        creator: { name: 'WebInspector', version: webKit ? webKit[1] : 'n/a' },
        pages,
        entries: requests.map((r) => this.entry(r, pages.length > 0)),
      },
    };
  }

  // Log.ts's Entry.build; the key order is DevTools' (JSON.stringify keeps insertion order).
  entry(r, hasPage) {
    const timings = this.timings(r);
    let time = 0;
    for (const t of [timings.blocked, timings.dns, timings.connect, timings.send, timings.wait, timings.receive])
      time += Math.max(t, 0);
    const isWebSocket = r.kind === 'websocket';
    const entry = {};
    if (r.fromDiskCache || r.fromMemoryCache) entry._fromCache = r.fromMemoryCache ? 'memory' : 'disk';
    if (r.connectionId !== undefined && String(r.connectionId) !== '0') entry._connectionId = String(r.connectionId);
    entry._initiator = this.initiator(r.initiator);
    entry._priority = r.priority;
    entry._resourceType = resourceTypeName(r.resourceType);
    if (isWebSocket) entry._webSocketMessages = r.frames;
    entry.cache = {};
    if (r.remotePort !== undefined) entry.connection = String(r.remotePort);
    if (hasPage) entry.pageref = 'page_1';
    entry.request = this.harRequest(r);
    entry.response = this.harResponse(r);
    entry.serverIPAddress = String(r.remoteIPAddress ?? '').replace(/^\[|\]$/g, '');
    entry.startedDateTime = new Date(this.pseudoWallTime(r, r.issueTime) * 1000).toJSON();
    entry.time = time;
    entry.timings = timings;
    return entry;
  }

  initiator(initiator) {
    if (!initiator) return null;
    const out = { type: initiator.type };
    if (initiator.url !== undefined) out.url = initiator.url;
    if (initiator.requestId !== undefined) out.requestId = initiator.requestId;
    if (initiator.lineNumber !== undefined) out.lineNumber = initiator.lineNumber;
    if (initiator.stack) out.stack = initiator.stack;
    return out;
  }

  harRequest(r) {
    const headers = r.requestHeadersExtra ?? r.requestHeaders;
    const text = r.requestHeadersText;
    const request = {
      method: r.method,
      url: r.url.split('#', 2)[0],
      httpVersion: versionFromHeadersText(text, false) ?? (r.kind === 'websocket' ? 'HTTP/1.1' : protocolName(r.protocol)),
      headers,
      queryString: queryString(r.url),
      cookies: [],
      headersSize: text ? text.length : -1,
      bodySize: r.postData !== undefined ? Buffer.byteLength(r.postData) : 0,
    };
    if (r.postData !== undefined)
      request.postData = { mimeType: headerValue(headers, 'Content-Type') ?? '', text: r.postData };
    return request;
  }

  harResponse(r) {
    const headers = r.responseHeadersExtra ?? r.responseHeaders;
    const text = r.responseHeadersText;
    const content = { size: r.resourceSize, mimeType: r.mimeType || 'x-unknown' };
    if (r.body && r.body.text !== null) {
      content.text = r.body.text;
      if (r.body.encoded) content.encoding = 'base64';
    }
    let bodySize;
    if (r.fromDiskCache || r.fromMemoryCache || r.status === 304) bodySize = 0;
    else if (r.kind === 'websocket') bodySize = text ? 0 : -1;
    else bodySize = text ? r.transferSize - text.length : -1;
    return {
      status: r.status,
      statusText: r.statusText,
      httpVersion: versionFromHeadersText(text, true) ?? (r.kind === 'websocket' ? 'HTTP/1.1' : protocolName(r.protocol)),
      headers,
      cookies: [],
      content,
      redirectURL: headerValue(headers, 'Location') ?? '',
      headersSize: text ? text.length : -1,
      bodySize,
      _transferSize: r.kind === 'websocket' ? (text ? text.length : 0) : r.transferSize,
      _error: r.failed,
      _fetchedViaServiceWorker: false,
    };
  }

  // Log.ts's buildTimings, in milliseconds.
  timings(r) {
    const ms = (t) => (t === -1 ? -1 : t * 1000);
    const result = { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0, _blocked_queueing: -1 };
    const queued = r.issueTime < r.startTime ? r.startTime - r.issueTime : -1;
    result.blocked = ms(queued);
    result._blocked_queueing = ms(queued);
    let highest = 0;
    const timing = r.timing;
    if (timing) {
      const leastNonNegative = (values) => values.reduce((best, v) => (v >= 0 && v < best ? v : best), Infinity);
      const blockedStart = leastNonNegative([timing.dnsStart, timing.connectStart, timing.sendStart]);
      if (blockedStart !== Infinity) result.blocked += blockedStart;
      if (timing.proxyEnd !== -1) {
        result._blocked_proxy = timing.proxyEnd - timing.proxyStart;
        if (result._blocked_proxy > result.blocked) result.blocked = result._blocked_proxy;
      }
      const dnsStart = timing.dnsEnd >= 0 ? blockedStart : 0;
      const dnsEnd = timing.dnsEnd >= 0 ? timing.dnsEnd : -1;
      result.dns = dnsEnd - dnsStart;
      const sslStart = timing.sslEnd > 0 ? timing.sslStart : 0;
      const sslEnd = timing.sslEnd > 0 ? timing.sslEnd : -1;
      result.ssl = sslEnd - sslStart;
      const connectStart = timing.connectEnd >= 0 ? leastNonNegative([dnsEnd, blockedStart]) : 0;
      const connectEnd = timing.connectEnd >= 0 ? timing.connectEnd : -1;
      result.connect = connectEnd - connectStart;
      const sendStart = timing.sendEnd >= 0 ? Math.max(connectEnd, dnsEnd, blockedStart) : 0;
      const sendEnd = timing.sendEnd >= 0 ? timing.sendEnd : 0;
      result.send = Math.max(sendEnd - sendStart, 0);
      highest = Math.max(sendEnd, connectEnd, sslEnd, dnsEnd, blockedStart, 0);
    } else if (r.responseReceivedTime === -1) {
      result.blocked = r.endTime >= 0 ? ms(r.endTime - r.issueTime) : -1;
      return result;
    }
    const requestTime = timing ? timing.requestTime : r.startTime;
    const waitEnd = ms(r.responseReceivedTime - requestTime);
    result.wait = waitEnd - highest;
    const receiveEnd = r.endTime >= 0 ? ms(r.endTime - requestTime) : waitEnd;
    result.receive = Math.max(receiveEnd - waitEnd, 0);
    return result;
  }
}

// Opens `url` in `chrome.page` (from launchChromium) with a HarRecorder attached, and waits until
// the page sets document.title to "done" (or to "error: ..."), at most `timeoutMs`. Returns
// { har, title, result, events } (result: window.harResult, if the page set it), or throws on
// a timeout or a page error (error.page is true, error.recorder has what was recorded). `settleMs` after "done" lets the last events (close frames,
// webSocketClosed) arrive.
export async function recordPage(chrome, url, { timeoutMs = 30000, settleMs = 500, keepEvents = false } = {}) {
  const recorder = new HarRecorder(chrome.page, chrome.browser);
  await recorder.start({ keepEvents });
  const deadline = Date.now() + timeoutMs;
  await chrome.page.navigate(url);
  let title = '';
  for (;;) {
    title = await chrome.page.evaluate('document.title').catch(() => '');
    if (title === 'done' || title.startsWith('error')) break;
    if (Date.now() > deadline) {
      const state = await chrome.page.evaluate('JSON.stringify(window.harResult ?? null)').catch(() => 'null');
      const error = new Error(`timed out after ${timeoutMs} ms waiting for the page to finish (title '${title}', state ${state})`);
      Object.defineProperty(error, 'recorder', { value: recorder }); // not printed with the error
      error.page = true;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const result = JSON.parse(await chrome.page.evaluate('JSON.stringify(window.harResult ?? null)').catch(() => 'null'));
  if (title !== 'done') {
    const error = new Error(`the page failed: ${title}`);
    Object.defineProperty(error, 'recorder', { value: recorder });
    error.page = true;
    throw error;
  }
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return { har: await recorder.har(), title, result, events: recorder.events };
}
