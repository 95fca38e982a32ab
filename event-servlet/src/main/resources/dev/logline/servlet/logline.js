/*! logline.js 0.1.0 - browser tracker for Logline's EventIngestFilter. Dependency-free, ES2017. */
(function (w) {
  'use strict';
  var VERSION = '0.1.0';
  var SESSION_IDLE_MS = 30 * 60 * 1000;
  var BEACON_MAX_BYTES = 60000; // browsers cap a beacon's body at 64 KiB
  var me = document.currentScript;

  function store(kind) {
    try {
      var s = w[kind];
      s.setItem('logline.t', '1');
      s.removeItem('logline.t');
      return s;
    } catch (e) {
      return null; // disabled storage or private mode: fall back below
    }
  }
  var local = store('localStorage');
  var session = store('sessionStorage');
  var memory = {};

  function get(s, k) {
    try { return s ? s.getItem(k) : memory[k] || null; } catch (e) { return memory[k] || null; }
  }
  function set(s, k, v) {
    try { if (s) { s.setItem(k, v); return true; } } catch (e) { /* quota: keep it in memory */ }
    memory[k] = v;
    return false;
  }
  function cookie(k, v) {
    if (v === undefined) {
      var m = document.cookie.match(new RegExp('(?:^|; )' + k + '=([^;]*)'));
      return m ? decodeURIComponent(m[1]) : null;
    }
    document.cookie = k + '=' + encodeURIComponent(v) + '; path=/; max-age=31536000; SameSite=Lax';
  }

  function uuid() {
    var c = w.crypto;
    if (c && c.randomUUID) return c.randomUUID();
    var b = new Uint8Array(16);
    c.getRandomValues(b);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = '';
    for (var i = 0; i < 16; i++) {
      h += (b[i] + 256).toString(16).slice(1);
      if (i === 3 || i === 5 || i === 7 || i === 9) h += '-';
    }
    return h;
  }
  function now() { return new Date().toISOString(); }

  function Tracker(o) {
    o = o || {};
    var src = me && me.src ? me.src.replace(/\.js(\?.*)?$/, '') : '/events';
    this.endpoint = o.endpoint || src;
    this.flushAt = o.flushAt || 20;
    this.flushIntervalMs = o.flushIntervalMs || 5000;
    this.maxQueue = o.maxQueue || 1000;
    this.maxBatch = o.maxBatch || 50;
    this.minBackoffMs = o.minBackoffMs || 1000;
    this.maxBackoffMs = o.maxBackoffMs || 60000;
    this.adoptAfterMs = o.adoptAfterMs || 60000;
    this.key = 'logline.q:' + this.endpoint;
    this.s = { queued: 0, sent: 0, accepted: 0, rejected: 0, duplicate: 0, dropped: this.storedDrops(), retries: 0, beacons: 0 };
    this.newDrops = 0; // not yet added to the stored count
    this.gone = {}; // ids sent or dropped since the last save
    this.q = this.load();
    this.inflight = false;
    this.attempt = 0;
    this.timer = null;
    var aid = get(local, 'logline.aid') || cookie('logline_aid');
    if (!aid) aid = uuid();
    set(local, 'logline.aid', aid) || cookie('logline_aid', aid);
    this.aid = aid;
    var t = this;
    var leave = function () { t.beacon(); };
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') leave();
    });
    w.addEventListener('pagehide', leave);
    // Another tab stored events: should it die before sending them, this tab adopts them once they are old enough.
    w.addEventListener('storage', function (ev) {
      if (ev.key === t.key) t.schedule(t.adoptAfterMs + 100);
    });
    if (this.q.length) this.schedule(0); // what an earlier page left unsent
  }

  var P = Tracker.prototype;

  P.load = function () {
    try { return JSON.parse(get(local, this.key) || '[]') || []; } catch (e) { return []; }
  };
  P.storedDrops = function () {
    try { return (JSON.parse(get(local, 'logline.stats') || 'null') || {}).dropped || 0; } catch (e) { return 0; }
  };
  /**
   * Stores the queue merged with what other tabs of the site stored: each tab sends from its own
   * copy, and writing that copy alone would erase the events another tab has not sent yet.
   */
  P.save = function () {
    var mine = {}, gone = this.gone, merged = [];
    this.q.forEach(function (e) { mine[e.event_id] = 1; });
    this.load().forEach(function (e) { if (e && !mine[e.event_id] && !gone[e.event_id]) merged.push(e); });
    this.gone = {};
    this.s.queued = this.q.length;
    set(local, this.key, JSON.stringify(merged.concat(this.q)));
    if (this.newDrops) set(local, 'logline.stats', JSON.stringify({ dropped: this.storedDrops() + this.newDrops }));
    this.newDrops = 0;
  };
  P.drop = function (n) {
    this.s.dropped += n;
    this.newDrops += n;
  };

  P.sessionId = function () {
    var last = +get(session, 'logline.sat') || 0;
    var sid = get(session, 'logline.sid');
    var t = Date.now();
    if (!sid || t - last > SESSION_IDLE_MS) sid = uuid();
    set(session, 'logline.sid', sid);
    set(session, 'logline.sat', String(t));
    return sid;
  };

  /** Queues an event; it is sent in a batch of flushAt or after flushIntervalMs. */
  P.track = function (name, properties) {
    var e = {
      event_id: uuid(),
      event: name,
      occurred_at: now(),
      anonymous_id: this.aid,
      session_id: this.sessionId(),
      context: {
        page_url: location.href,
        locale: navigator.language,
        library: { name: 'logline-js', version: VERSION }
      },
      properties: properties || {}
    };
    if (document.referrer) e.context.page_referrer = document.referrer;
    var uid = get(local, 'logline.uid');
    if (uid) e.user_id = uid;
    this.q.push(e);
    if (this.q.length > this.maxQueue) {
      // The oldest go first, except those in a request under way: they are likely delivered, not lost.
      var over = this.q.length - this.maxQueue, busy = this.sending || [], kept = [];
      for (var i = 0; i < this.q.length; i++) {
        if (over > 0 && busy.indexOf(this.q[i]) < 0) {
          over--;
          this.gone[this.q[i].event_id] = 1;
        } else kept.push(this.q[i]);
      }
      this.drop(this.q.length - kept.length);
      this.q = kept;
    }
    this.save();
    if (this.q.length >= this.flushAt) this.flush();
    else this.schedule(this.flushIntervalMs);
    return e.event_id;
  };

  /** Sets the user id sent with later events (the server overrides it for authenticated users). */
  P.identify = function (userId) {
    set(local, 'logline.uid', userId == null ? '' : String(userId));
  };

  P.page = function (properties) {
    var p = { url: location.href, title: document.title };
    if (document.referrer) p.referrer = document.referrer;
    for (var k in properties || {}) p[k] = properties[k];
    return this.track('page_viewed', p);
  };

  P.stats = function () {
    this.s.queued = this.q.length;
    return JSON.parse(JSON.stringify(this.s));
  };

  P.schedule = function (ms) {
    var due = Date.now() + ms;
    if (this.timer) {
      if (this.due <= due) return; // an earlier flush is already planned
      clearTimeout(this.timer);
    }
    var t = this;
    this.due = due;
    this.timer = setTimeout(function () { t.timer = null; t.flush(); }, ms);
  };

  P.remove = function (ids) {
    var gone = {};
    var all = this.gone;
    ids.forEach(function (id) { gone[id] = all[id] = 1; });
    this.q = this.q.filter(function (e) { return !gone[e.event_id]; });
    this.save();
  };

  /**
   * Takes over stored events of other tabs that are adoptAfterMs old: their tab crashed or left while the server was
   * down, and they would otherwise wait for the next page load. Should that tab still send them, the server answers
   * the repeat "duplicate" by event_id.
   */
  P.adopt = function () {
    var mine = {}, gone = this.gone, cut = Date.now() - this.adoptAfterMs, room = this.maxQueue - this.q.length;
    this.q.forEach(function (e) { mine[e.event_id] = 1; });
    var old = this.load().filter(function (e) {
      return e && !mine[e.event_id] && !gone[e.event_id] && Date.parse(e.occurred_at) <= cut && room-- > 0;
    });
    if (old.length) this.q = old.concat(this.q);
  };

  /** Sends the queue now; resolves when the attempt ends. */
  P.flush = function () {
    if (this.inflight) return Promise.resolve();
    this.adopt();
    if (!this.q.length) return Promise.resolve();
    var batch = this.q.slice(0, this.maxBatch);
    return this.post(batch);
  };

  /** The server lists only the events it did not accept (204, no body, when it accepted all): the counts are all the tracker keeps. */
  P.url = function (more) {
    return this.endpoint + (this.endpoint.indexOf('?') < 0 ? '?' : '&') + 'results=not-accepted' + more;
  };

  P.post = function (batch) {
    var t = this;
    var sent = now();
    batch.forEach(function (e) { e.sent_at = sent; }); // stamped at every attempt for skew correction
    this.inflight = true;
    this.sending = batch;
    this.s.sent += batch.length;
    return fetch(this.url(''), {
      method: 'POST',
      body: JSON.stringify({ batch: batch }),
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      keepalive: true,
      credentials: 'same-origin'
    }).then(function (r) {
      if (r.status === 204) { // every event accepted: nothing else to say
        t.s.accepted += batch.length;
        return t.done(batch, true);
      }
      if (r.status === 202 || r.ok) {
        return r.json().then(function (body) {
          ['accepted', 'rejected', 'duplicate'].forEach(function (k) { t.s[k] += body[k] || 0; });
        }, function () {}).then(function () { t.done(batch, true); });
      }
      if (r.status === 413 && batch.length > 1) {
        t.maxBatch = Math.max(1, batch.length >> 1); // split and try again at once
        t.inflight = false;
        return t.flush();
      }
      if (r.status >= 400 && r.status < 500) {
        t.drop(batch.length); // the server will never accept these: counted, not retried
        return t.done(batch, true);
      }
      return t.done(batch, false);
    }, function () {
      return t.done(batch, false);
    });
  };

  P.done = function (batch, final) {
    this.inflight = false;
    this.sending = null;
    if (final) {
      this.attempt = 0;
      this.remove(batch.map(function (e) { return e.event_id; }));
      if (this.q.length) this.schedule(this.q.length >= Math.min(this.flushAt, this.maxBatch) ? 0 : this.flushIntervalMs); // a split batch goes on at once
      return;
    }
    this.s.retries++;
    var exp = Math.min(this.maxBackoffMs, this.minBackoffMs * Math.pow(2, this.attempt++));
    this.schedule(exp / 2 + Math.random() * exp / 2); // full backoff with jitter
  };

  /**
   * On page hide: hands the queue to sendBeacon. The events stay queued until a later page gets a
   * 202 or 204 for them, since a beacon is never confirmed; the server drops the repeats by event_id.
   */
  P.beacon = function () {
    if (!this.q.length || !navigator.sendBeacon) return;
    var sent = now();
    var chunk = [];
    var size = 12;
    var ok = true;
    var url = this.url('&transport=beacon');
    for (var i = 0; i < this.q.length && ok; i++) {
      var e = this.q[i];
      e.sent_at = sent;
      var n = JSON.stringify(e).length + 1;
      if (chunk.length && (size + n > BEACON_MAX_BYTES || chunk.length >= this.maxBatch)) {
        ok = navigator.sendBeacon(url, JSON.stringify({ batch: chunk }));
        chunk = [];
        size = 12;
      }
      chunk.push(e);
      size += n;
    }
    if (ok && chunk.length) ok = navigator.sendBeacon(url, JSON.stringify({ batch: chunk }));
    this.s.beacons++;
    this.save();
  };

  var api = {
    version: VERSION,
    /** Creates the tracker and makes it window.logline. */
    init: function (options) {
      w.logline = new Tracker(options);
      return w.logline;
    }
  };
  w.Logline = api;
})(window);
