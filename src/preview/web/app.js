/*
 * The preview page: channels in a sidebar, the selected channel's messages rendered from Block
 * Kit, a composer that sends slash commands, interactive elements that send block_actions, job
 * controls, and live updates from the stand-in's event stream.
 */
(function () {
  'use strict';

  var md = window.PulseMrkdwn;
  var blocks = window.PulseBlocks;
  var esc = md.escapeHtml;

  var state = {
    me: null,
    bot: null,
    users: {},
    channels: [],
    channelNames: {},
    jobs: [],
    appConnected: false,
    current: null,
    entries: [],
    unread: {},
    seenCounts: {},
    expanded: {},
    history: [],
    historyIndex: -1,
    focusTs: null,
    jumpToLatest: false,
    runningJobs: {},
  };

  var started = false;
  var $ = function (id) { return document.getElementById(id); };
  var els = {
    app: $('app'),
    sidebar: $('sidebar'),
    backdrop: $('backdrop'),
    menuButton: $('menu-button'),
    workspaceName: $('workspace-name'),
    channelList: $('channel-list'),
    jobs: $('jobs'),
    jobList: $('job-list'),
    presence: $('presence'),
    presenceText: $('presence-text'),
    channelName: $('channel-name'),
    channelSub: $('channel-sub'),
    banner: $('banner'),
    messages: $('messages'),
    composer: $('composer'),
    input: $('composer-input'),
    send: $('send'),
    toasts: $('toasts'),
  };

  // ---------------------------------------------------------------- talking to the stand-in

  function request(path, body) {
    var options = body === undefined
      ? { headers: { accept: 'application/json' } }
      : { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) };
    return fetch(path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data && data.error ? data.error : 'HTTP ' + response.status);
        return data;
      });
    });
  }

  function loadState() {
    return request('/preview/state').then(function (data) {
      state.me = data.me;
      state.bot = data.bot;
      state.users = {};
      data.users.forEach(function (user) { state.users[user.id] = user.name; });
      state.channels = data.channels;
      state.channelNames = {};
      data.channels.forEach(function (channel) {
        state.channelNames[channel.id] = channel.name;
        if (state.seenCounts[channel.id] === undefined) state.seenCounts[channel.id] = channel.messageCount;
      });
      state.jobs = data.jobs;
      state.appConnected = data.appConnected;
      els.workspaceName.textContent = data.team.name;
      renderSidebar();
      renderHeader();
      // A channel created by the app's first post is opened when none was open yet, and the first
      // one when the open channel is gone (a reset removes the channels the app's posts created).
      if (started && state.current && !state.channelNames[state.current]) state.current = null;
      if (started && !state.current && state.channels[0]) selectChannel(state.channels[0].id);
    });
  }

  function loadChannel(id) {
    return request('/preview/channels/' + encodeURIComponent(id)).then(function (data) {
      if (state.current !== id) return;
      state.entries = data.entries;
      renderTimeline();
    });
  }

  // ---------------------------------------------------------------- rendering helpers

  function context() {
    return { users: state.users, channels: state.channelNames };
  }

  function dateOf(ts) {
    return new Date(Number(ts) * 1000);
  }

  function timeOf(ts) {
    return dateOf(ts).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
  }

  function dayLabel(date) {
    var today = new Date();
    var yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
    if (date.toDateString() === today.toDateString()) return 'Today';
    if (date.toDateString() === yesterday.toDateString()) return 'Yesterday';
    return date.toLocaleDateString([], { weekday: 'long', month: 'long', day: 'numeric' });
  }

  var PULSE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 13h4l2.2-5.5 3.6 10 2.6-6.5 1.6 2H21" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>';
  var EYE_ICON = '<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M1 8s2.6-5 7-5 7 5 7 5-2.6 5-7 5-7-5-7-5Z" fill="none" stroke="currentColor" stroke-width="1.4"/><circle cx="8" cy="8" r="2" fill="currentColor"/></svg>';
  var PLAY_ICON = '<svg class="play" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="M4 2.5v11l9-5.5-9-5.5Z" fill="currentColor"/></svg>';
  var RESET_ICON = '<svg class="play" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="M3 8a5 5 0 1 0 1.5-3.6M3 2.5v2.8h2.8" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/></svg>';
  var AVATAR_COLORS = ['#2eb67d', '#36c5f0', '#ecb22e', '#e01e5a', '#1264a3', '#7c3085', '#e8912d'];

  function avatar(userId) {
    if (userId === (state.bot && state.bot.id)) return '<div class="avatar bot">' + PULSE_ICON + '</div>';
    var name = state.users[userId] || userId || '?';
    var hash = 0;
    for (var i = 0; i < String(userId).length; i += 1) hash = (hash * 31 + String(userId).charCodeAt(i)) >>> 0;
    return '<div class="avatar user-' + (hash % AVATAR_COLORS.length) + '" data-color="' + AVATAR_COLORS[hash % AVATAR_COLORS.length] + '">' +
      esc(name.charAt(0).toUpperCase()) + '</div>';
  }

  function senderName(userId) {
    if (userId === (state.bot && state.bot.id)) return state.bot.name;
    return state.users[userId] || userId;
  }

  function messageHtml(message, options) {
    var isBot = message.bot_id !== undefined || message.user === (state.bot && state.bot.id);
    var classes = ['message'];
    if (message.ephemeralTo) classes.push('ephemeral');
    if (options.continued) classes.push('continued');
    var html = '<div class="' + classes.join(' ') + '" data-ts="' + esc(message.ts) + '">';
    html += avatar(message.user);
    html += '<div class="content">';
    if (message.ephemeralTo) {
      var who = message.ephemeralTo === state.me ? 'you' : senderName(message.ephemeralTo);
      html += '<div class="ephemeral-note">' + EYE_ICON + '<span>Only visible to ' + esc(who) + '</span></div>';
    }
    html += '<div class="meta"><span class="sender">' + esc(senderName(message.user)) + '</span>' +
      (isBot ? '<span class="app-badge">APP</span>' : '') +
      '<span class="time" title="' + esc(dateOf(message.ts).toLocaleString()) + '">' + esc(timeOf(message.ts)) + '</span></div>';
    html += '<div class="body">' + blocks.renderMessageBody(message, context());
    if (message.edited) html += ' <span class="edited">(edited)</span>';
    html += '</div>';
    if (options.replies && options.replies.length) html += threadHtml(message, options.replies);
    html += '</div></div>';
    return html;
  }

  function threadHtml(parent, replies) {
    var count = replies.length;
    var open = !!state.expanded[parent.ts];
    var last = replies[replies.length - 1];
    var html = '<div class="thread-summary"><button type="button" class="thread-toggle" data-thread="' + esc(parent.ts) + '" aria-expanded="' + open + '">' +
      count + (count === 1 ? ' reply' : ' replies') + '</button>' +
      '<span class="thread-last">Last reply ' + esc(dayLabel(dateOf(last.ts)).toLowerCase() === 'today' ? 'today at ' + timeOf(last.ts) : dayLabel(dateOf(last.ts)) + ' at ' + timeOf(last.ts)) + '</span></div>';
    if (open) {
      html += '<div class="thread" aria-label="Thread">' + replies.map(function (reply) {
        return messageHtml(reply, { continued: false });
      }).join('') + '</div>';
    }
    return html;
  }

  function commandHtml(entry) {
    return '<div class="message command" data-ts="' + esc(entry.ts) + '">' + avatar(entry.user) +
      '<div class="content"><div class="meta"><span class="sender">' + esc(senderName(entry.user)) + '</span>' +
      '<span class="time">' + esc(timeOf(entry.ts)) + '</span></div>' +
      '<div class="body">used <span class="command-text">' + esc(entry.text) + '</span></div></div></div>';
  }

  /** The channel as a list of keyed pieces: day dividers, messages and command echoes. */
  function timelineItems() {
    var items = [];
    var channel = state.channelNames[state.current] || '';
    items.push({
      key: 'intro',
      html: '<div class="intro"><h2># ' + esc(channel) + '</h2><p>This is the start of <strong>#' + esc(channel) +
        '</strong>. Messages the app posts here appear live. Type <span class="command-text">/fivetran help</span> below to talk to it.</p></div>',
    });
    var previous = null;
    var previousDay = null;
    state.entries.forEach(function (entry) {
      var day = dateOf(entry.ts).toDateString();
      if (day !== previousDay) {
        items.push({ key: 'day-' + day, html: '<div class="day-divider"><span>' + esc(dayLabel(dateOf(entry.ts))) + '</span></div>' });
        previousDay = day;
        previous = null;
      }
      if (entry.type === 'command') {
        items.push({ key: 'c' + entry.ts, html: commandHtml(entry) });
        previous = null;
        return;
      }
      var continued = !!previous && previous.user === entry.user && !previous.ephemeralTo && !entry.ephemeralTo &&
        !(previous.replies && previous.replies.length) && Number(entry.ts) - Number(previous.ts) < 300;
      items.push({ key: 'm' + entry.ts, html: messageHtml(entry, { continued: continued, replies: entry.replies }) });
      previous = entry;
    });
    return items;
  }

  /** Replaces only the pieces whose HTML changed, so an edited message updates in place. */
  function patch(container, items) {
    var wanted = {};
    items.forEach(function (item) { wanted[item.key] = true; });
    var existing = {};
    Array.prototype.slice.call(container.children).forEach(function (child) {
      if (wanted[child.dataset.key]) existing[child.dataset.key] = child;
      else child.remove();
    });
    items.forEach(function (item, index) {
      var node = existing[item.key];
      if (!node || node.pulseHtml !== item.html) {
        var template = document.createElement('template');
        template.innerHTML = item.html;
        var fresh = template.content.firstElementChild;
        fresh.dataset.key = item.key;
        fresh.pulseHtml = item.html;
        decorate(fresh);
        if (node) node.replaceWith(fresh);
        node = fresh;
      }
      var at = container.children[index];
      if (at !== node) container.insertBefore(node, at || null);
    });
  }

  /** Colours come from data attributes: the page's policy allows no inline style in markup. */
  function decorate(root) {
    root.querySelectorAll('[data-color]').forEach(function (node) {
      if (node.classList.contains('attachment')) node.style.borderLeftColor = node.dataset.color;
      else node.style.background = node.dataset.color;
    });
  }

  function renderTimeline() {
    var box = els.messages;
    var nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
    var first = !box.firstElementChild;
    patch(box, timelineItems());
    if (state.focusTs) {
      var target = box.querySelector('.message[data-ts="' + CSS.escape(state.focusTs) + '"]');
      if (target) {
        target.scrollIntoView({ block: 'center' });
        target.classList.add('highlight');
        state.focusTs = null;
        return;
      }
    }
    if (first || nearBottom || state.jumpToLatest) {
      box.scrollTop = box.scrollHeight;
      state.jumpToLatest = false;
    }
  }

  function renderSidebar() {
    if (!state.channels.length) {
      els.channelList.innerHTML = '<li class="empty">No channels yet: they appear when the app posts.</li>';
    } else {
      els.channelList.innerHTML = state.channels.map(function (channel) {
        var current = channel.id === state.current;
        var unread = !current && state.unread[channel.id];
        return '<li><a href="#/' + encodeURIComponent(channel.id) + '" data-channel="' + esc(channel.id) + '"' +
          (current ? ' aria-current="page"' : '') + (unread ? ' class="unread"' : '') + '>' +
          '<span class="hash">#</span><span class="name">' + esc(channel.name) + '</span>' +
          (unread ? '<span class="badge">' + unread + '</span>' : '') + '</a></li>';
      }).join('');
    }
    els.jobs.hidden = state.jobs.length === 0;
    // Kept in state, not read back from the buttons: a live update redraws them while a job runs.
    var running = state.runningJobs;
    els.jobList.innerHTML = state.jobs.map(function (job) {
      return '<button type="button" class="job-button' + (job.confirm ? ' job-confirm' : '') + '" data-job="' + esc(job.name) + '"' + (running[job.name] ? ' disabled' : '') + '>' +
        (running[job.name] ? '<span class="spinner"></span>' : job.confirm ? RESET_ICON : PLAY_ICON) + '<span>' + esc(job.label) + '</span></button>';
    }).join('');
    els.presence.classList.toggle('online', state.appConnected);
    els.presenceText.textContent = state.appConnected ? (state.bot ? state.bot.name : 'The app') + ' is connected' : 'No app connected';
  }

  function renderHeader() {
    var name = state.channelNames[state.current];
    els.channelName.textContent = name ? '# ' + name : 'No channel';
    els.channelSub.textContent = name ? (state.bot ? state.bot.name : 'the app') + ' posts here' : '';
    els.input.placeholder = name ? 'Message #' + name + ' — try /fivetran help' : 'No channel to send to yet';
    els.input.disabled = !name;
    els.send.disabled = !name;
    document.title = (name ? '#' + name + ' · ' : '') + 'Pulse · Slack preview';
    if (!state.appConnected) {
      els.banner.hidden = false;
      els.banner.textContent = 'No app is connected to this preview yet: commands and buttons will not be answered.';
    } else {
      els.banner.hidden = true;
    }
  }

  function toast(text, kind) {
    var node = document.createElement('div');
    node.className = 'toast' + (kind === 'error' ? ' error' : '');
    node.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    node.textContent = text;
    els.toasts.appendChild(node);
    setTimeout(function () { node.remove(); }, kind === 'error' ? 6000 : 3500);
  }

  // ---------------------------------------------------------------- navigation

  function selectChannel(id, focusTs) {
    if (!state.channelNames[id]) return;
    var changed = state.current !== id;
    state.current = id;
    state.unread[id] = 0;
    state.focusTs = focusTs || null;
    if (changed) {
      els.messages.innerHTML = '';
      state.entries = [];
    }
    renderSidebar();
    renderHeader();
    closeSidebar();
    loadChannel(id).catch(function (error) { toast('Could not load the channel: ' + error.message, 'error'); });
  }

  function fromHash() {
    var match = /^#\/([^/]+)(?:\/([\d.]+))?/.exec(location.hash);
    return match ? { channel: decodeURIComponent(match[1]), ts: match[2] ? decodeURIComponent(match[2]) : null } : null;
  }

  function openSidebar() {
    els.app.classList.add('sidebar-open');
    els.backdrop.hidden = false;
    els.menuButton.setAttribute('aria-expanded', 'true');
  }

  function closeSidebar() {
    els.app.classList.remove('sidebar-open');
    els.backdrop.hidden = true;
    els.menuButton.setAttribute('aria-expanded', 'false');
  }

  // ---------------------------------------------------------------- actions

  function describeFailure(result, what) {
    if (result.body === 'operation_timeout') return what + ' failed: the app did not answer within 3 seconds (operation_timeout)';
    return what + ' failed with HTTP ' + result.status + (result.body ? ': ' + String(result.body).slice(0, 160) : '');
  }

  function sendCommand(text) {
    var line = text.trim();
    if (!line) return;
    if (line.charAt(0) !== '/') {
      toast('The preview sends slash commands to the app. Try /fivetran help', 'info');
      return;
    }
    state.history.push(line);
    state.historyIndex = -1;
    // As in Slack, sending brings the channel to its latest message, even when scrolled up.
    state.jumpToLatest = true;
    els.input.value = '';
    autosize();
    var command = line.split(/\s+/)[0];
    request('/preview/command', { channelId: state.current, text: line })
      .then(function (result) {
        if (!result.ok) toast(describeFailure(result, command), 'error');
      })
      .catch(function (error) { toast(command + ' failed: ' + error.message, 'error'); });
  }

  function sendAction(control, extra) {
    var message = control.closest('.message[data-ts]');
    if (!message || control.classList.contains('pending')) return;
    control.classList.add('pending');
    var body = {
      channelId: state.current,
      messageTs: message.dataset.ts,
      actionId: control.dataset.actionId,
      blockId: control.dataset.blockId,
    };
    if (extra && extra.selectedOption !== undefined) body.selectedOption = extra.selectedOption;
    request('/preview/actions', body)
      .then(function (result) {
        if (!result.ok) toast(describeFailure(result, 'The action'), 'error');
      })
      .catch(function (error) { toast('The action failed: ' + error.message, 'error'); })
      .then(function () { control.classList.remove('pending'); });
  }

  function runJob(button) {
    var name = button.dataset.job;
    var job = state.jobs.filter(function (candidate) { return candidate.name === name; })[0];
    var label = job ? job.label : name;
    // A job that throws something away asks first.
    if (job && job.confirm && !window.confirm(job.confirm)) return;
    state.runningJobs[name] = true;
    renderSidebar();
    request('/preview/jobs/' + encodeURIComponent(name), {})
      .then(function () { toast(label.replace(/ now$/, '') + ': done'); })
      .catch(function (error) { toast(error.message, 'error'); })
      .then(function () {
        delete state.runningJobs[name];
        renderSidebar();
      });
  }

  function closeMenus(except) {
    document.querySelectorAll('.overflow-menu:not([hidden])').forEach(function (menu) {
      if (menu === except) return;
      menu.hidden = true;
      var toggle = menu.parentElement.querySelector('.overflow-toggle');
      if (toggle) toggle.setAttribute('aria-expanded', 'false');
    });
  }

  els.messages.addEventListener('click', function (event) {
    var target = event.target.closest('button, a[data-channel]');
    if (!target) {
      closeMenus();
      return;
    }
    if (target.matches('a[data-channel]')) {
      event.preventDefault();
      selectChannel(target.dataset.channel);
      return;
    }
    var kind = target.dataset.kind;
    if (kind === 'overflow-toggle') {
      var menu = target.parentElement.querySelector('.overflow-menu');
      closeMenus(menu);
      menu.hidden = !menu.hidden;
      target.setAttribute('aria-expanded', String(!menu.hidden));
      if (!menu.hidden && menu.firstElementChild) menu.firstElementChild.focus();
      return;
    }
    if (kind === 'overflow') {
      closeMenus();
      sendAction(target, { selectedOption: target.dataset.value });
      return;
    }
    if (kind === 'button') {
      if (target.dataset.url) window.open(target.dataset.url, '_blank', 'noopener');
      sendAction(target);
      return;
    }
    if (target.dataset.thread) {
      state.expanded[target.dataset.thread] = !state.expanded[target.dataset.thread];
      renderTimeline();
    }
  });

  els.messages.addEventListener('change', function (event) {
    var select = event.target;
    if (select.matches('select[data-kind="select"]') && select.value) sendAction(select, { selectedOption: select.value });
  });

  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      closeMenus();
      closeSidebar();
    }
  });

  els.channelList.addEventListener('click', function (event) {
    var link = event.target.closest('a[data-channel]');
    if (!link) return;
    event.preventDefault();
    history.replaceState(null, '', '#/' + encodeURIComponent(link.dataset.channel));
    selectChannel(link.dataset.channel);
  });

  els.jobList.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-job]');
    if (button && !button.disabled) runJob(button);
  });

  els.menuButton.addEventListener('click', function () {
    if (els.app.classList.contains('sidebar-open')) closeSidebar();
    else openSidebar();
  });
  els.backdrop.addEventListener('click', closeSidebar);

  function autosize() {
    els.input.style.height = 'auto';
    els.input.style.height = Math.min(els.input.scrollHeight, 160) + 'px';
  }

  els.input.addEventListener('input', autosize);
  els.input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendCommand(els.input.value);
      return;
    }
    if (event.key === 'ArrowUp' && (els.input.value === '' || state.historyIndex !== -1) && state.history.length) {
      event.preventDefault();
      state.historyIndex = state.historyIndex === -1 ? state.history.length - 1 : Math.max(0, state.historyIndex - 1);
      els.input.value = state.history[state.historyIndex];
      autosize();
    } else if (event.key === 'ArrowDown' && state.historyIndex !== -1) {
      event.preventDefault();
      state.historyIndex += 1;
      if (state.historyIndex >= state.history.length) {
        state.historyIndex = -1;
        els.input.value = '';
      } else {
        els.input.value = state.history[state.historyIndex];
      }
      autosize();
    }
  });
  els.composer.addEventListener('submit', function (event) {
    event.preventDefault();
    sendCommand(els.input.value);
  });

  window.addEventListener('hashchange', function () {
    var target = fromHash();
    if (target) selectChannel(target.channel, target.ts);
  });

  // ---------------------------------------------------------------- live updates

  var pending = { channel: false, state: false };
  var flushTimer = null;

  function schedule(what) {
    pending[what] = true;
    if (flushTimer) return;
    // Changes arrive in bursts (a post, then its thread parent's update): one refresh per burst.
    flushTimer = setTimeout(function () {
      flushTimer = null;
      var work = [];
      if (pending.state) work.push(loadState());
      if (pending.channel && state.current) work.push(loadChannel(state.current));
      pending.state = false;
      pending.channel = false;
      Promise.all(work).catch(function () { /* the next change or reconnect retries */ });
    }, 40);
  }

  function onChange(change) {
    if (change.kind === 'workspace_reset') {
      state.unread = {};
      state.seenCounts = {};
      state.expanded = {};
      schedule('state');
      if (state.current) schedule('channel');
      return;
    }
    if (change.channel && change.channel === state.current) {
      schedule('channel');
      return;
    }
    if (change.kind === 'message_posted' && change.channel && !change.threadTs) {
      state.unread[change.channel] = (state.unread[change.channel] || 0) + 1;
    }
    schedule('state');
  }

  function connectEvents() {
    var source = new EventSource('/preview/events');
    source.addEventListener('change', function (event) {
      try {
        onChange(JSON.parse(event.data));
      } catch (error) {
        /* a malformed event is ignored */
      }
    });
    source.addEventListener('open', function () {
      // After a reconnect, catch up on whatever happened meanwhile.
      schedule('state');
      if (state.current) schedule('channel');
    });
  }

  // ---------------------------------------------------------------- start

  loadState()
    .then(function () {
      started = true;
      var target = fromHash();
      var first = state.channels[0];
      if (target && state.channelNames[target.channel]) selectChannel(target.channel, target.ts);
      else if (first) selectChannel(first.id);
      else renderHeader();
      connectEvents();
      if (window.matchMedia('(min-width: 761px)').matches) els.input.focus();
    })
    .catch(function (error) {
      toast('Could not reach the Slack stand-in: ' + error.message, 'error');
    });
})();
