/* The service worker (served at /sw.js by quizapp.offline, which fills in the release id and
   the shell's files). It keeps the app shell (styles, scripts, icons) per release, the chat
   pages the learner opened, and the state of the practice session they are in, so the chat
   opens and shows the current question without a connection.

   Privacy: API replies are never cached, except the state of one practice session (the
   current one: a newer one replaces it); logging out empties the pages and the state.
   A new release has a new id, so it installs afresh and deletes the old release's caches. */
"use strict";

var RELEASE = "__RELEASE__";
var SHELL = __SHELL__;
var SHELL_CACHE = "quizapp-shell-" + RELEASE;
var PAGES_CACHE = "quizapp-pages-" + RELEASE; // chat pages and the current session's state
var CHAT_PAGE = /^\/((practice|quiz|scenario)\/[^/]+|review)$/;
var SESSION_STATE = /^\/api\/v1\/practice\/[0-9a-f]+$/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    // straight from the server, not the HTTP cache: this release's files
    return cache.addAll(SHELL.map(function (url) { return new Request(url, { cache: "reload" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("quizapp-") === 0 && name !== SHELL_CACHE && name !== PAGES_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function cacheable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

/* The network first; a good reply is kept (for the session state, as the only one kept). */
function networkFirst(request, onlyOne) {
  return fetch(request).then(function (response) {
    if (cacheable(response)) {
      var copy = response.clone();
      caches.open(PAGES_CACHE).then(function (cache) {
        var drop = onlyOne ? cache.keys().then(function (keys) {
          return Promise.all(keys.filter(function (key) {
            var path = new URL(key.url).pathname;
            return SESSION_STATE.test(path) && key.url !== request.url;
          }).map(function (key) { return cache.delete(key); }));
        }) : Promise.resolve();
        return drop.then(function () { return cache.put(request, copy); });
      });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { cacheName: PAGES_CACHE, ignoreVary: true }).then(function (found) {
      return found || offlineReply(request);
    });
  });
}

function offlineReply(request) {
  if (request.mode === "navigate") {
    return new Response(
      "<!doctype html><html lang=\"en-GB\"><meta charset=\"utf-8\">" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
      "<title>Offline · quizapp</title><h1>You're offline</h1>" +
      "<p>This page wasn't saved for offline use. Open a practice chat you used before, " +
      "or try again when you're connected.</p></html>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
  return new Response(JSON.stringify({ error: { status: 503, message: "You're offline." } }),
                      { status: 503, headers: { "Content-Type": "application/json" } });
}

function forget() {
  return caches.delete(PAGES_CACHE);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === "/logout") { // a shared phone: the next person sees none of it
    event.waitUntil(forget());
    return;
  }
  if (request.method !== "GET") return; // answers go to the server (offline.js queues them)
  if (SESSION_STATE.test(url.pathname)) {
    event.respondWith(networkFirst(request, true));
  } else if (url.pathname.indexOf("/api/") === 0) {
    return; // personal data: never cached
  } else if (request.mode === "navigate" && CHAT_PAGE.test(url.pathname)) {
    event.respondWith(networkFirst(request, false));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () { return offlineReply(request); }));
  } else if (SHELL.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(request, { cacheName: SHELL_CACHE }).then(function (found) {
      return found || fetch(request);
    }));
  }
});

/* offline.js asks for the page it is on to be kept (a chat page opened before this worker
   took control), and to forget everything personal (on logout). */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep" && typeof data.url === "string") {
    var url = new URL(data.url, self.location.origin);
    if (url.origin !== self.location.origin || !CHAT_PAGE.test(url.pathname)) return;
    event.waitUntil(fetch(url.href, { credentials: "same-origin" }).then(function (response) {
      if (cacheable(response)) {
        return caches.open(PAGES_CACHE).then(function (cache) { return cache.put(url.href, response); });
      }
    }).catch(function () { /* offline: nothing to keep */ }));
  } else if (data.type === "forget") {
    event.waitUntil(forget());
  }
});
