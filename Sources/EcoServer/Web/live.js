// The live alert feed over WebSocket /ws/alerts: subscribes to every alert the caller may read,
// reconnects by itself with growing pauses (1 s … 30 s) and resumes after the last offset it saw,
// so alerts raised while disconnected still arrive.
import { session } from './session.js';

export class AlertFeed {
  constructor() {
    this.listeners = new Set();
    this.stateListeners = new Set();
    this.offset = null;
    this.retry = 0;
    this.state = 'closed';
  }

  /** `listener(alert, topic)` for every alert created or changed. */
  onAlert(listener) { this.listeners.add(listener); return () => this.listeners.delete(listener); }

  /** `listener(state)`: connecting, open, closed. */
  onState(listener) { this.stateListeners.add(listener); listener(this.state); return () => this.stateListeners.delete(listener); }

  /** (Re)connects with the current credentials. */
  start() {
    this.stop();
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.socket) { this.socket.onclose = null; this.socket.close(); this.socket = null; }
    this.setState('closed');
  }

  connect() {
    const credential = session.credential();
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${location.host}/ws/alerts${credential ? `?access_token=${encodeURIComponent(credential)}` : ''}`;
    this.setState('connecting');
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
      const message = { subscribe: {} };
      if (this.offset !== null) message.after = this.offset;
      socket.send(JSON.stringify(message));
    };
    socket.onmessage = (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      if (message.type === 'subscribed') this.setState('open');
      if (typeof message.offset === 'number') this.offset = message.offset;
      if (message.type === 'alert') for (const listener of this.listeners) listener(message.alert, message.topic);
    };
    socket.onclose = () => {
      this.socket = null;
      this.setState('closed');
      if (this.stopped) return;
      const pause = Math.min(30_000, 1000 * 2 ** this.retry++);
      this.timer = setTimeout(() => this.connect(), pause);
    };
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

export const alertFeed = new AlertFeed();
