// A GraphQL over WebSocket server (subprotocol graphql-transport-ws) built on the `graphql-ws`
// package (useServer from 'graphql-ws/use/ws', on a `ws` WebSocketServer) and `graphql`, for
// integration tests that check SocketScope's "protocol": "graphql-ws" clients against the
// reference implementation.
//   node graphql_server.mjs [--port 0] [--drop-every 0] [--delay-ms 0] [--token ""]
// Listens on 127.0.0.1 (port 0: any free port); the first stdout line is {"port":N}.
// WebSocket endpoint: ws://127.0.0.1:PORT/graphql (other paths are refused).
//
// Schema:
//   query        echo(text: String!, delayMs: Int): String!
//                  answers `text` after delayMs (default --delay-ms), for round trips.
//   mutation     post(room: String!, from: Int!, seq: Int!, sentAt: Float!, text: String): Boolean!
//                  returns true and publishes {room, from, seq, sentAt, text} to `posted(room)`;
//                  --drop-every N (0: off): the N-th, 2N-th, ... post (counted across the server)
//                  is not published (it still returns true).
//   subscription ticks(every: Int!): Tick!   {n: 1, 2, 3, ..., at: Date.now()} every `every` ms
//                                            (at least 1), per subscription.
//                posted(room: String!): Post! each post published to `room` after subscribing.
// --token X (default empty: no check): connection_init's payload.token must equal X, else
// onConnect returns false and graphql-ws closes the connection 4403 Forbidden.
//
//   GET /stats  {"connections","open","rejected","subscriptions","activeSubscriptions",
//               "queries","mutations","published","delivered","dropped",
//               "droppedMessages":[{"from","seq"}],"ticks"}
//               connections: WebSocket connections ever accepted (open: now); rejected: refused
//               by --token; subscriptions: subscribe operations started; mutations = published
//               + dropped; delivered: `posted` events handed to subscribers; ticks: `ticks`
//               events yielded; droppedMessages: the first 10000 dropped posts.
// SIGTERM/SIGINT close each connection with 1001 and exit 0.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { buildSchema } from 'graphql';
import { parseFlags, listen, serveStats, shutdownOnSignals } from './serverkit.mjs';

const { port, dropEvery, delayMs, token } = parseFlags({
  port: 0, 'drop-every': 0, 'delay-ms': 0, token: '',
});

const MAX_DROPPED_LISTED = 10000;
const stats = {
  connections: 0, open: 0, rejected: 0, subscriptions: 0, activeSubscriptions: 0, queries: 0,
  mutations: 0, published: 0, delivered: 0, dropped: 0, droppedMessages: [], ticks: 0,
};

const schema = buildSchema(`
  type Query { echo(text: String!, delayMs: Int): String! }
  type Mutation {
    post(room: String!, from: Int!, seq: Int!, sentAt: Float!, text: String): Boolean!
  }
  type Tick { n: Int! at: Float! }
  type Post { room: String! from: Int! seq: Int! sentAt: Float! text: String }
  type Subscription {
    ticks(every: Int!): Tick!
    posted(room: String!): Post!
  }
`);

// An async iterator fed by push(): what a subscription resolver returns. return() (the client
// completed, or left) ends it at once and calls `onReturn`, even while next() is waiting.
function channel(onReturn) {
  const queue = [];
  const waiting = [];
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    onReturn();
    for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
  };
  return {
    push(value) {
      if (done) return;
      if (waiting.length) waiting.shift()({ value, done: false });
      else queue.push(value);
    },
    next() {
      if (queue.length) return Promise.resolve({ value: queue.shift(), done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
    return() {
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error) {
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() { return this; },
  };
}

const rooms = new Map(); // room -> Set of channels subscribed to `posted(room)`

// One subscription's event stream; counted while it runs.
function subscription(onReturn) {
  ++stats.subscriptions;
  ++stats.activeSubscriptions;
  return channel(() => {
    --stats.activeSubscriptions;
    onReturn();
  });
}

// A subscription field's root function returns the event stream; each event is the root value
// of one execution, so it holds the field's value under the field's name.
const roots = {
  query: {
    echo: ({ text, delayMs: wait }) => {
      ++stats.queries;
      const ms = wait ?? delayMs;
      return ms > 0 ? new Promise((resolve) => setTimeout(() => resolve(text), ms)) : text;
    },
  },
  mutation: {
    post: ({ room, from, seq, sentAt, text }) => {
      ++stats.mutations;
      if (dropEvery > 0 && stats.mutations % dropEvery === 0) {
        ++stats.dropped;
        if (stats.droppedMessages.length < MAX_DROPPED_LISTED)
          stats.droppedMessages.push({ from, seq });
        return true;
      }
      ++stats.published;
      const posted = { room, from, seq, sentAt, text: text ?? null };
      for (const subscriber of rooms.get(room) ?? []) {
        subscriber.push({ posted });
        ++stats.delivered;
      }
      return true;
    },
  },
  subscription: {
    ticks: ({ every }) => {
      let n = 0;
      let timer = null;
      const events = subscription(() => clearInterval(timer));
      timer = setInterval(() => {
        ++stats.ticks;
        events.push({ ticks: { n: ++n, at: Date.now() } });
      }, Math.max(1, every));
      return events;
    },
    posted: ({ room }) => {
      if (!rooms.has(room)) rooms.set(room, new Set());
      const members = rooms.get(room);
      const events = subscription(() => {
        members.delete(events);
        if (members.size === 0 && rooms.get(room) === members) rooms.delete(room);
      });
      members.add(events);
      return events;
    },
  },
};

const server = http.createServer(serveStats(stats));
const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (ws) => {
  ++stats.connections;
  ++stats.open;
  ws.on('close', () => --stats.open);
});

useServer({
  schema,
  roots,
  onConnect: (ctx) => {
    if (token && ctx.connectionParams?.token !== token) {
      ++stats.rejected;
      return false; // graphql-ws closes 4403 Forbidden
    }
    return true;
  },
}, wss);

listen(server, port);
shutdownOnSignals(server, { wss });
