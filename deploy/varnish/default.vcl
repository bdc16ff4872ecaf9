# Varnish in front of the app servers: anonymous readers' pages cached as the app's Cache-Control says,
# everything personal or under the release rule passed to the app, and purges from the app servers only.
#
# The app servers are named in backends.vcl beside this file (bin/stack writes one for the local stack; see
# docs/deploy.md): each `backend` uses `.probe = app_health`, and its `sub vcl_init` adds them to `app`.
vcl 4.1;

import directors;
import std;

probe app_health {
    # The app's health check: 503 when the server's database or cache fails, so that it leaves the rotation;
    # a stale scheduler or a slow file store only marks it degraded (200). Its own checks stop at 2 s.
    .url = "/health/";
    .interval = 2s;
    .timeout = 3s;
    .window = 3;
    .threshold = 2;
}

# Who may PURGE or BAN: the app servers. Who may say the request came over HTTPS: a TLS proxy on this machine.
acl purgers {
    "127.0.0.1";
    "::1";
}
acl tls_proxies {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app = directors.round_robin();
}

include "backends.vcl";

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # The app's content version is site-wide, so it purges a site's root: that means everything of the host.
        if (req.url == "/") {
            ban("req.http.host == " + req.http.host);
        } else {
            ban("req.http.host == " + req.http.host + " && req.url ~ ^" + req.url);
        }
        return (synth(200, "Banned"));
    }

    # The scheme is part of every absolute URL the app writes, so it is part of the cache key (vcl_hash);
    # only a TLS proxy in front may say it was HTTPS, and it says nothing of hosts (Django ignores X-Forwarded-Host).
    if (client.ip !~ tls_proxies || !req.http.X-Forwarded-Proto) {
        set req.http.X-Forwarded-Proto = "http";
    }
    unset req.http.X-Forwarded-Host;

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, files under the release rule (each request checked and counted), and search (which records queries).
    if (req.url ~ "^/(admin|documents|images|search)(/|$)") {
        return (pass);
    }
    if (req.url ~ "^/static/") {
        unset req.http.Cookie;
        return (hash);
    }
    # A session, a CSRF token or a waiting message makes the page someone's own, as in the app's page cache.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Other cookies (analytics) change nothing the app sends.
    unset req.http.Cookie;
    unset req.http.Authorization;
    return (hash);
}

sub vcl_hash {
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_fetch {
    # A retry goes to the next healthy app server.
    if (bereq.retries > 0) {
        set bereq.backend = app.backend();
    }
}

sub vcl_backend_response {
    # An app server going down mid-request (a restart) is retried on the next one before anyone sees it.
    if (beresp.status >= 500 && bereq.method ~ "^(GET|HEAD)$" && bereq.retries < 2) {
        return (retry);
    }
    # Static files with a content hash in their name (collectstatic's manifest) never change under that name.
    if (bereq.url ~ "^/static/.+\.[0-9a-f]{12}\.[a-z0-9]+$" && beresp.status == 200) {
        set beresp.ttl = 365d;
        unset beresp.http.Set-Cookie;
    }
    set beresp.http.X-Backend = beresp.backend.name;
}

sub vcl_backend_error {
    if (bereq.method ~ "^(GET|HEAD)$" && bereq.retries < 2) {
        return (retry);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
