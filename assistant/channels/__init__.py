"""Messaging-platform channels and how answers are shaped for each platform (docs/channels.md).

One module per platform (slack, twilio for SMS and WhatsApp, facebook, telegram), each a thin
subclass of Rasa's own channel with the same webhook: user text cleaned as on the REST channel
(inbound.py, text.py), request signatures checked where Rasa does not (Twilio), and, for Slack and Twilio, an
outbound API address that can be pointed elsewhere (the end-to-end tests use a fake on loopback).
formatting.py turns an answer into what each platform can show.
"""
