/*
 * The clinic's chat widget. Plain JavaScript, no build step, nothing from other servers.
 *
 * Embed on any page with one tag (it finds its own server from its src):
 *   <script src="https://<assistant-server>/webchat/widget.js" defer></script>
 * data-mode="page" fills the page instead of opening from a "Chat with us" button.
 *
 * Security: every text from the person or the server goes into the page as text
 * (textContent, or DOM nodes built here); never as HTML.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  if (!script || window.__clinicChatLoaded) return;
  window.__clinicChatLoaded = true;

  const BASE = new URL(".", script.src);
  const MODE = script.dataset.mode === "page" ? "page" : "launcher";
  const STORAGE_KEY = "clinic-chat:v1:" + BASE.origin;
  const MAX_STORED_MESSAGES = 200;
  const MAX_MESSAGE_CHARS = 1000;
  const REQUEST_TIMEOUT_MS = 30000;
  const GREETING = "hello"; // sent unseen to start a conversation, so it opens with the clinic's greeting
  const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
  const DISCLAIMER_LINE = /^_?general information, not medical advice\.?_?$/i;

  const TEXT = {
    launcher: "Chat with us",
    assistant: "automated assistant",
    disclaimer: "General information, not medical advice.",
    emergencyCall: (number) => "In an emergency, call " + number + ".",
    emergencyGeneric: "In an emergency, call your local emergency number.",
    call: (number) => "Call " + number,
    startOver: "Start over",
    close: "Close chat",
    inputLabel: "Type your question",
    placeholder: "Type your question…",
    send: "Send",
    youSaid: "You said:",
    assistantSaid: "Assistant said:",
    typing: "The assistant is typing…",
    notSent: "Not sent.",
    tryAgain: "Try again",
    suggestions: "Suggested questions",
    feedbackQuestion: "Did this help?",
    feedbackYes: "Yes",
    feedbackNo: "No",
    feedbackThanks: "Thank you for your feedback.",
    feedbackFailed: "Sorry, your feedback could not be sent.",
    unreachable: (phone) =>
      "Sorry, the assistant can't be reached right now. Please try again in a moment" +
      (phone ? ", or call " + phone + "." : "."),
    safetyLabel: {
      emergency: "Emergency: get help now",
      urgent: "See a doctor today",
      caution: "Check with your doctor first",
    },
  };

  // ---- small helpers --------------------------------------------------------------------

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([key, value]) => {
      if (value === undefined || value === null || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    (children || []).forEach((child) => child && node.append(child));
    return node;
  }

  function newSenderId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return "web-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // ---- stored conversation --------------------------------------------------------------

  const storage = {
    load() {
      try {
        const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null");
        if (saved && typeof saved.sender === "string" && Array.isArray(saved.messages)) return saved;
      } catch (e) {
        /* unreadable or blocked storage: start afresh */
      }
      return null;
    },
    save(state) {
      try {
        const messages = state.messages.slice(-MAX_STORED_MESSAGES);
        localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...state, messages }));
      } catch (e) {
        /* storage full or blocked: the chat still works, it just won't survive a reload */
      }
    },
  };

  function freshState() {
    return { sender: newSenderId(), open: MODE === "page", messages: [] };
  }

  // ---- answers as safe DOM: lines, "- " lists, _italic_, links ---------------------------

  const LIST_ITEM = /^\s*[-•*]\s+(.*)$/;
  const ITALIC_LINE = /^_(.+)_$/;
  const INLINE = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])|(^|\s)_([^_\n]+)_(?=$|[\s.,;:!?])/g;

  function inlineNodes(line) {
    const nodes = [];
    let last = 0;
    for (const match of line.matchAll(INLINE)) {
      const [whole, url, space, italic] = match;
      const start = match.index + (space ? space.length : 0);
      nodes.push(document.createTextNode(line.slice(last, start)));
      nodes.push(url ? linkNode(url) : el("em", { text: italic }));
      last = match.index + whole.length;
    }
    nodes.push(document.createTextNode(line.slice(last)));
    return nodes;
  }

  function linkNode(url) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === "https:" || parsed.protocol === "http:") {
        return el("a", { href: parsed.href, target: "_blank", rel: "noopener noreferrer", text: url });
      }
    } catch (e) {
      /* not a URL after all: show it as text */
    }
    return document.createTextNode(url);
  }

  function richText(text) {
    const fragment = document.createDocumentFragment();
    let list = null;
    text.split("\n").forEach((line) => {
      const item = line.match(LIST_ITEM);
      if (item) {
        if (!list) list = fragment.appendChild(el("ul"));
        list.append(el("li", {}, inlineNodes(item[1])));
        return;
      }
      list = null;
      if (!line.trim()) return;
      const italic = line.trim().match(ITALIC_LINE);
      fragment.append(italic ? el("p", {}, [el("em", { text: italic[1] })]) : el("p", {}, inlineNodes(line)));
    });
    return fragment;
  }

  function plainText(text) {
    return text.replace(/(^|\s)_([^_\n]+)_/g, "$1$2").replace(/^\s*[-•*]\s+/gm, "");
  }

  // ---- replies from the REST channel ----------------------------------------------------

  function isHealthAnswer(text) {
    const lines = text.trim().split("\n");
    return DISCLAIMER_LINE.test(lines[lines.length - 1].trim());
  }

  function validButtons(buttons) {
    return (Array.isArray(buttons) ? buttons : [])
      .filter((b) => b && typeof b.title === "string" && typeof b.payload === "string")
      .map((b) => ({ title: b.title, payload: b.payload }));
  }

  /* The REST channel answers a list of messages. A referral action adds {"custom": {"safety_level": ...}}
     for web chat clients; the referral is always the first text of that reply. */
  function botMessagesFrom(replies) {
    const list = Array.isArray(replies) ? replies : [];
    const marker = list.map((r) => r && r.custom && r.custom.safety_level).find((level) => TEXT.safetyLabel[level]);
    const messages = list
      .filter((r) => r && typeof r.text === "string" && r.text.trim())
      .map((r) => ({ from: "bot", text: r.text, buttons: validButtons(r.buttons) }));
    if (marker && messages.length) messages[0].safety = marker;
    const last = messages[messages.length - 1];
    if (last && !last.safety && !last.buttons.length && isHealthAnswer(last.text)) last.feedback = "ask";
    return messages;
  }

  // ---- the widget -----------------------------------------------------------------------

  class ChatWidget {
    constructor(host) {
      this.config = { clinic_name: "", clinic_phone: "", emergency_number: "", webhook: "/webhooks/rest/webhook",
                      feedback: "/webchat/feedback", client: "webchat", colours: {} };
      this.state = storage.load() || freshState();
      if (MODE === "page") this.state.open = true;
      this.pending = false;
      this.notice = null; // {kind: "error" | "info", text, retry?}
      this.build(host);
    }

    // -- structure

    build(host) {
      const root = host.attachShadow({ mode: "open" });
      this.host = host;
      this.root = root;
      host.style.visibility = "hidden"; // until the styles are in: no flash of unstyled chat
      const styles = el("link", { rel: "stylesheet", href: new URL("widget.css", BASE).href });
      const reveal = () => (host.style.visibility = "");
      styles.addEventListener("load", reveal);
      styles.addEventListener("error", reveal);

      this.title = el(MODE === "page" ? "h1" : "h2", { id: "chat-title", className: "title" });
      this.subtitle = el("p", { className: "subtitle", text: TEXT.assistant });
      this.emergencyLine = el("span", { text: TEXT.emergencyGeneric });
      this.log = el("div", { className: "log", role: "log", "aria-live": "off", "aria-labelledby": "chat-title" });
      this.actions = el("div", { className: "actions" });
      this.politeAnnouncer = el("div", { className: "sr-only", "aria-live": "polite", "aria-atomic": "true" });
      this.urgentAnnouncer = el("div", { className: "sr-only", "aria-live": "assertive", "aria-atomic": "true" });
      this.input = el("input", {
        id: "chat-input", type: "text", autocomplete: "off", maxlength: MAX_MESSAGE_CHARS, placeholder: TEXT.placeholder,
      });
      this.sendButton = el("button", { type: "submit", className: "send", text: TEXT.send });

      const headerButtons = [el("button", { type: "button", className: "start-over", text: TEXT.startOver,
                                            onclick: () => this.startOver() })];
      if (MODE === "launcher") {
        headerButtons.push(el("button", { type: "button", className: "close", "aria-label": TEXT.close, text: "×",
                                          onclick: () => this.setOpen(false) }));
      }
      const panelRole = MODE === "launcher" ? { role: "dialog", "aria-modal": "false" } : {};
      this.panel = el("section", { className: "panel", id: "chat-panel", "aria-labelledby": "chat-title", ...panelRole }, [
        el("header", { className: "header" }, [
          el("div", { className: "heading" }, [this.title, this.subtitle]),
          el("div", { className: "header-buttons" }, headerButtons),
        ]),
        el("p", { className: "disclaimer" }, [el("strong", { text: TEXT.disclaimer }), " ", this.emergencyLine]),
        this.log,
        this.actions,
        el("form", { className: "composer", onsubmit: (event) => this.onSubmit(event) }, [
          el("label", { className: "sr-only", for: "chat-input", text: TEXT.inputLabel }),
          this.input,
          this.sendButton,
        ]),
        this.politeAnnouncer,
        this.urgentAnnouncer,
      ]);
      root.append(styles, this.panel);
      host.classList.add(MODE);

      if (MODE === "launcher") {
        this.launcher = el("button", { type: "button", className: "launcher", "aria-controls": "chat-panel",
                                       text: TEXT.launcher, onclick: () => this.setOpen(!this.state.open) });
        root.append(this.launcher);
        this.panel.addEventListener("keydown", (event) => {
          if (event.key === "Escape") this.setOpen(false);
        });
      }
      this.applyConfig();
    }

    applyConfig() {
      const config = this.config;
      this.title.textContent = config.clinic_name || TEXT.launcher;
      this.emergencyLine.textContent = config.emergency_number
        ? TEXT.emergencyCall(config.emergency_number) : TEXT.emergencyGeneric;
      const colours = config.colours || {};
      [["primary", "--primary"], ["on_primary", "--on-primary"], ["accent", "--accent"], ["on_accent", "--on-accent"]]
        .forEach(([name, property]) => {
          if (HEX_COLOUR.test(colours[name] || "")) this.host.style.setProperty(property, colours[name]);
        });
    }

    async loadConfig() {
      try {
        const response = await fetch(new URL("config.json", BASE), { headers: { Accept: "application/json" } });
        if (response.ok) {
          this.config = { ...this.config, ...(await response.json()) };
          this.applyConfig();
        }
      } catch (e) {
        /* the server is down: defaults now, and a clear message when a question cannot be sent */
      }
    }

    async start() {
      this.state.messages.forEach((message) => this.log.append(this.messageNode(message)));
      this.renderActions();
      this.panel.hidden = !this.state.open;
      await this.loadConfig();
      if (this.state.messages.length) this.rerenderLog(); // with the clinic's numbers now known
      this.setOpen(this.state.open, { focus: false });
    }

    setOpen(open, { focus = true } = {}) {
      this.state.open = open;
      storage.save(this.state);
      this.panel.hidden = !open;
      this.host.classList.toggle("open", open);
      if (this.launcher) {
        this.launcher.setAttribute("aria-expanded", String(open));
        if (!open && focus) this.launcher.focus();
      }
      if (open) {
        this.scrollToEnd();
        if (focus) this.input.focus();
        this.greetIfNew();
      }
    }

    // -- messages

    messageNode(message) {
      const who = message.from === "user" ? TEXT.youSaid : TEXT.assistantSaid;
      const classes = ["message", message.from];
      if (message.safety) classes.push("safety", "safety-" + message.safety);
      const body = message.from === "bot" ? richText(message.text) : el("p", { text: message.text });
      const node = el("div", { className: classes.join(" ") }, [el("span", { className: "sr-only", text: who + " " })]);
      if (message.safety) node.append(el("p", { className: "safety-label", text: TEXT.safetyLabel[message.safety] }));
      node.append(body);
      const number = this.config.emergency_number;
      if (message.safety === "emergency" && /^[0-9]{2,4}$/.test(number)) {
        node.append(el("p", {}, [el("a", { className: "call", href: "tel:" + number, text: TEXT.call(number) })]));
      }
      if (message.failed) node.append(el("p", { className: "not-sent", text: TEXT.notSent }));
      return node;
    }

    addMessage(message) {
      this.state.messages.push(message);
      const node = this.messageNode(message);
      this.log.append(node);
      this.scrollToEnd();
      return node;
    }

    lastMessage() {
      return this.state.messages[this.state.messages.length - 1];
    }

    announce(text, urgent) {
      const region = urgent ? this.urgentAnnouncer : this.politeAnnouncer;
      region.textContent = "";
      // a fresh text node a moment later, so the same words twice are announced twice
      setTimeout(() => (region.textContent = text), 50);
    }

    scrollToEnd() {
      this.log.scrollTop = this.log.scrollHeight;
    }

    // -- quick replies, feedback, errors (below the conversation)

    renderActions() {
      this.actions.replaceChildren();
      const last = this.lastMessage();
      if (this.pending) return;
      if (this.notice) {
        // an error is an alert (read out at once); other notices are read out by the polite announcer
        const notice = el("div", { className: "notice notice-" + this.notice.kind, role: this.notice.kind === "error" && "alert" },
                          [el("p", { text: this.notice.text })]);
        if (this.notice.retry) {
          notice.append(el("button", { type: "button", className: "quick-reply", text: TEXT.tryAgain,
                                       onclick: this.notice.retry }));
        }
        this.actions.append(notice);
        return;
      }
      if (!last || last.from !== "bot") return;
      if (last.buttons && last.buttons.length) {
        this.actions.append(this.buttonGroup(TEXT.suggestions, last.buttons.map((button) => ({
          label: button.title, onclick: () => this.send(button.payload, { shown: button.title }),
        }))));
      } else if (last.feedback === "ask") {
        this.actions.append(this.buttonGroup(TEXT.feedbackQuestion, [
          { label: TEXT.feedbackYes, onclick: () => this.sendFeedback(last, true) },
          { label: TEXT.feedbackNo, onclick: () => this.sendFeedback(last, false) },
        ], true));
      }
    }

    buttonGroup(label, buttons, labelVisible) {
      const group = el("div", { className: "quick-replies", role: "group", "aria-label": label });
      if (labelVisible) group.append(el("p", { className: "group-label", "aria-hidden": "true", text: label }));
      buttons.forEach((b) => group.append(el("button", { type: "button", className: "quick-reply", text: b.label, onclick: b.onclick })));
      return group;
    }

    // -- talking to the server

    onSubmit(event) {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text || this.pending) return;
      this.input.value = "";
      this.send(text);
    }

    greetIfNew() {
      if (!this.state.messages.length && !this.pending && !this.notice) this.send(GREETING, { silent: true });
    }

    async send(text, { silent = false, shown = text, retrying = null } = {}) {
      if (this.pending) return;
      const hadFocus = Boolean(this.root.activeElement);
      const userMessage = retrying || (silent ? null : { from: "user", text: shown });
      if (userMessage && !retrying) this.addMessage(userMessage);
      this.notice = null;
      this.setPending(true);
      try {
        // the sender in the query too: the load balancer limits requests per sender (deploy/README.md)
        const webhook = this.config.webhook + "?sender=" + encodeURIComponent(this.state.sender);
        const replies = await this.post(webhook, {
          sender: this.state.sender, message: text,
          // the greeting the page sends by itself is marked, so transcripts do not count it as the person's
          metadata: silent ? { client: this.config.client, automatic: true } : { client: this.config.client },
        });
        if (userMessage) this.markSent(userMessage);
        this.showReplies(botMessagesFrom(replies));
      } catch (error) {
        if (userMessage) this.markFailed(userMessage);
        this.notice = { kind: "error", text: TEXT.unreachable(this.config.clinic_phone),
                        retry: () => this.send(text, { silent, shown, retrying: userMessage }) };
      } finally {
        this.setPending(false);
        storage.save(this.state);
        // a clicked quick reply is gone now: keep the keyboard in the chat
        if (hadFocus && !this.root.activeElement) this.input.focus();
      }
    }

    showReplies(messages) {
      const nodes = messages.map((message) => this.addMessage(message));
      // a long answer is read from its start, not its end
      if (nodes.length) this.log.scrollTop = Math.min(this.log.scrollTop, nodes[0].offsetTop - 12);
      const spoken = messages.map((m) => (m.safety ? TEXT.safetyLabel[m.safety] + ". " : "") + plainText(m.text));
      const urgent = messages.some((m) => m.safety === "emergency" || m.safety === "urgent");
      if (spoken.length) this.announce(spoken.join("\n"), urgent);
    }

    markFailed(message) {
      message.failed = true;
      this.rerenderLog();
    }

    markSent(message) {
      if (!message.failed) return;
      delete message.failed;
      this.rerenderLog();
    }

    rerenderLog() {
      this.log.replaceChildren(...this.state.messages.map((m) => this.messageNode(m)));
      this.scrollToEnd();
    }

    setPending(pending) {
      this.pending = pending;
      this.sendButton.disabled = pending;
      this.log.setAttribute("aria-busy", String(pending));
      if (this.typingNode) this.typingNode.remove();
      this.typingNode = null;
      if (pending) {
        this.typingNode = el("div", { className: "message bot typing", role: "status" }, [
          el("span", { className: "sr-only", text: TEXT.typing }),
          el("span", { className: "dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
        ]);
        this.log.append(this.typingNode);
        this.scrollToEnd();
      }
      this.renderActions();
    }

    async post(path, body) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
      try {
        const response = await fetch(new URL(path, BASE), {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
        if (!response.ok) throw new Error("HTTP " + response.status);
        return await response.json();
      } finally {
        clearTimeout(timer);
      }
    }

    async sendFeedback(message, helpful) {
      const hadFocus = Boolean(this.root.activeElement);
      message.feedback = "sending";
      this.renderActions();
      let text = TEXT.feedbackThanks;
      try {
        await this.post(this.config.feedback, { sender: this.state.sender, helpful });
        message.feedback = helpful ? "helpful" : "not-helpful";
      } catch (error) {
        message.feedback = "failed";
        text = TEXT.feedbackFailed;
      }
      storage.save(this.state);
      this.notice = { kind: "info", text };
      this.renderActions();
      this.notice = null; // shown until the next message
      this.announce(text, false);
      if (hadFocus && !this.root.activeElement) this.input.focus();
    }

    startOver() {
      if (this.pending) return;
      this.state = { ...freshState(), open: true };
      this.notice = null;
      this.log.replaceChildren();
      this.renderActions();
      storage.save(this.state);
      this.input.focus();
      this.greetIfNew();
    }
  }

  function mount() {
    const host = el("div", { id: "clinic-chat", className: "clinic-chat" });
    (MODE === "page" && document.querySelector("[data-clinic-chat]") || document.body).append(host);
    const widget = new ChatWidget(host);
    widget.start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
