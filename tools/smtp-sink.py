#!/usr/bin/python3
"""A local SMTP server for forewarn's tests and benchmarks (Debian's python3-aiosmtpd).

Listens on 127.0.0.1, records every message it accepts as one JSON object a
line, and prints {"listening": PORT} on stdout once it accepts connections.

  /usr/bin/python3 tools/smtp-sink.py --jsonl FILE [--port N]
      [--starttls --cert CERT --key KEY [--require-starttls]] [--implicit-tls --cert CERT --key KEY]
      [--auth USER:PASSWORD] [--reject ADDRESS]... [--tempfail-rate F] [--seed S] [--no-body]
      [--accept-delay-ms MS]

--accept-delay-ms  holds the 250 answer to DATA that long after the message is recorded (the window in
                 which a sender that dies has delivered a message it never learnt was accepted)
--reject         answers RCPT TO for that address with 550 5.1.1 (repeatable)
--tempfail-rate  answers the end of DATA with 421 4.7.0 for that fraction of messages (not recorded)
--no-body        leaves the decoded parts out of the records (benchmarks), and reads only the
                 headers (one compat32 parse, the few decoded fields by email.header: the
                 full email.policy.default parse costs ~3 ms a message, which would make the
                 sink, not the sender, what a benchmark measures)

Each record: message_id, mail_from, rcpt_tos, subject (decoded), from, to,
date, headers ([name, raw value] in order), content_type, parts
([{content_type, charset, transfer_encoding, text}]), peer ("ip:port": one
per connection, to see reuse), tls, auth_user, size.
"""
import argparse
import asyncio
import email
import email.header
import email.policy
import re
import json
import random
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jsonl", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--starttls", action="store_true")
    p.add_argument("--require-starttls", action="store_true")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--auth")
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--tempfail-rate", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-body", action="store_true")
    p.add_argument("--accept-delay-ms", type=int, default=0)
    a = p.parse_args()
    if (a.starttls or a.implicit_tls) and not (a.cert and a.key):
        p.error("--starttls and --implicit-tls need --cert and --key")
    return a


class Sink:
    def __init__(self, args, out):
        self.args = args
        self.out = out
        self.reject = {r.lower() for r in args.reject}
        self.random = random.Random(args.seed)
        self.queued = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown in virtual mailbox table" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.args.tempfail_rate > 0 and self.random.random() < self.args.tempfail_rate:
            return "421 4.7.0 Try again later, closing connection"
        raw = envelope.original_content or envelope.content
        raw_headers = email.message_from_bytes(raw, policy=email.policy.compat32)
        msg = HeaderView(raw_headers) if self.args.no_body else email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        if not self.args.no_body:
            for part in msg.walk():
                if part.is_multipart():
                    continue
                parts.append({
                    "content_type": part.get_content_type(),
                    "charset": part.get_content_charset(),
                    "transfer_encoding": part.get("Content-Transfer-Encoding"),
                    "text": part.get_content(),
                })
        record = {
            "message_id": str(msg.get("Message-ID", "")),
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(msg.get("Subject", "")),
            "from": str(msg.get("From", "")),
            "to": str(msg.get("To", "")),
            "date": str(msg.get("Date", "")),
            "headers": [[k, v] for k, v in raw_headers.items()],
            "content_type": msg.get_content_type(),
            "parts": parts,
            "peer": "%s:%s" % (session.peer[0], session.peer[1]) if session.peer else "",
            "tls": session.ssl is not None or self.args.implicit_tls,  # an smtps listener takes only TLS
            "auth_user": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
            "size": len(raw),
        }
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.out.flush()
        self.queued += 1
        queued = self.queued
        if self.args.accept_delay_ms > 0:
            await asyncio.sleep(self.args.accept_delay_ms / 1000.0)
        return "250 2.0.0 OK: queued as %d" % queued


class HeaderView:
    """The decoded header values the records use, read from a compat32 parse
    (what email.policy.default's str(msg[name]) gives: unfolded, RFC 2047 decoded)."""

    def __init__(self, message):
        self.message = message

    def get(self, name, default=""):
        value = self.message.get(name)
        if value is None:
            return default
        unfolded = re.sub(r"\r?\n[ \t]+", " ", str(value))
        return str(email.header.make_header(email.header.decode_header(unfolded)))

    def get_content_type(self):
        return self.message.get_content_type()


def authenticator_for(user_password):
    user, _, password = user_password.partition(":")

    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and \
            auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False, auth_data=auth_data)
    return check


async def main():
    args = parse_args()
    out = open(args.jsonl, "a", encoding="utf-8")
    sink = Sink(args, out)
    context = None
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    kwargs = {
        "hostname": "sink.forewarn.test",
        "enable_SMTPUTF8": True,
        "decode_data": False,
        "timeout": 60,
    }
    if args.starttls:
        kwargs["tls_context"] = context
        kwargs["require_starttls"] = args.require_starttls
    if args.auth:
        kwargs["authenticator"] = authenticator_for(args.auth)
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = bool(args.starttls or args.implicit_tls)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(sink, **kwargs), host="127.0.0.1", port=args.port,
                                      ssl=context if args.implicit_tls else None, backlog=512)
    port = server.sockets[0].getsockname()[1]
    print(json.dumps({"listening": port}), flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()
    out.close()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
