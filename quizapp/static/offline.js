/* Offline: registers the service worker (/sw.js), queues answers and skips in IndexedDB while
   there is no connection and sends each once, by its client_id, when the connection returns
   (also after the page was closed and opened again), and says on the page that the learner is
   offline and what is waiting.

   window.quizOffline = {
     send(url, body): POST body (JSON, with a client_id) now, or queue it when offline.
       Resolves {queued: false, status, data} with the server's reply, or {queued: true}.
     pending(): resolves the waiting items [{client_id, url, body, queued_at}], oldest first.
     onChange(fn): fn({online, pending, sent}) whenever that changes (sent: the item just
       delivered with the server's status and data, else null); returns an unsubscribe.
     flush(): send what waits now.
   }
   The server stores an answer once per client_id, so an item sent twice (two tabs, a reply
   lost on the way back) is still one answer. */
(function () {
  "use strict";
  var DB = "quizapp-offline", STORE = "queue", LOCK = "quizapp-offline-queue";
  var RETRY_LATER = [502, 503, 504]; // the way to the server is down: keep the item
  var listeners = [];
  var opening = null;

  function openDb() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        var req = indexedDB.open(DB, 1);
        req.onupgradeneeded = function () {
          req.result.createObjectStore(STORE, { keyPath: "client_id" });
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { opening = null; reject(req.error); };
      });
    }
    return opening;
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function pending() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.queued_at - b.queued_at; });
    });
  }

  function notify(sent) {
    return pending().then(function (items) {
      var change = { online: navigator.onLine, pending: items, sent: sent || null };
      listeners.forEach(function (fn) { try { fn(change); } catch (e) { /* a listener's own */ } });
      show(change);
      return change;
    });
  }

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  /* One POST: the server's status and JSON, or null when the server can't be reached. */
  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(body)
    }).then(function (res) {
      if (RETRY_LATER.indexOf(res.status) !== -1) return null;
      return res.json().catch(function () { return null; }).then(function (data) {
        return { status: res.status, data: data };
      });
    }, function () { return null; });
  }

  function queue(url, body) {
    var item = { client_id: String(body.client_id), url: url, body: body, queued_at: Date.now() };
    return withStore("readwrite", function (store) { return store.put(item); })
      .then(function () { return notify(null); })
      .then(function () { return { queued: true }; });
  }

  function send(url, body) {
    body = Object.assign({}, body);
    if (!body.client_id) {
      body.client_id = (window.crypto && crypto.randomUUID) ? crypto.randomUUID().replace(/-/g, "")
        : Date.now().toString(36) + Math.random().toString(36).slice(2);
    }
    if (!navigator.onLine) return queue(url, body);
    return post(url, body).then(function (reply) {
      if (reply === null) return queue(url, body);
      flush();
      return { queued: false, status: reply.status, data: reply.data };
    });
  }

  function flushNow() {
    return pending().then(function next(items) {
      if (!items.length || !navigator.onLine) return null;
      var item = items[0];
      return post(item.url, item.body).then(function (reply) {
        if (reply === null) return null; // still unreachable: try again when back online
        return withStore("readwrite", function (store) { return store.delete(item.client_id); })
          .then(function () {
            return notify({ client_id: item.client_id, url: item.url, body: item.body,
                            status: reply.status, data: reply.data });
          })
          .then(function () { return next(items.slice(1)); });
      });
    });
  }

  /* One flush at a time across this browser's tabs when Web Locks exist. */
  function flush() {
    if (navigator.locks && navigator.locks.request) {
      return navigator.locks.request(LOCK, flushNow);
    }
    return flushNow();
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* "1 answer", "2 answers and 1 skip": what waits, in words (a skip is posted to .../skip). */
  function what(items, prefix) {
    var skips = items.filter(function (i) { return /\/skip$/.test(i.url); }).length;
    var answers = items.length - skips;
    return [answers ? plural(answers, prefix + "answer") : "",
            skips ? plural(skips, prefix + "skip") : ""].filter(Boolean).join(" and ");
  }

  function show(change) {
    var el = document.getElementById("offline-status");
    if (!el) return;
    var waiting = change.pending.length;
    var text = "";
    if (!change.online) {
      text = "You're offline." + (waiting ? " " + what(change.pending, "") +
        " waiting: sent when you're back online." : " Answers you send will wait here.");
    } else if (waiting) {
      text = "Back online: sending " + what(change.pending, "waiting ") + "…";
    }
    el.textContent = text;
    el.hidden = !text;
  }

  function onChange(fn) {
    listeners.push(fn);
    return function () { listeners = listeners.filter(function (f) { return f !== fn; }); };
  }

  window.quizOffline = { send: send, pending: pending, onChange: onChange, flush: flush };

  window.addEventListener("online", function () { notify(null).then(flush); });
  window.addEventListener("offline", function () { notify(null); });
  if ("indexedDB" in window) notify(null).then(flush);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      // keep this page if it is a chat page (the worker decides), for opening offline
      if (reg.active) reg.active.postMessage({ type: "keep", url: location.href });
    }).catch(function () { /* no worker (private mode, old browser): online only */ });
  }
})();
