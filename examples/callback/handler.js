// Callback style, as older Node.js handlers are written: the result is sent once the event loop is empty.
exports.handler = (event, context, callback) => {
  const items = Array.isArray(event?.items) ? event.items : [];
  setTimeout(() => console.log('audit written for', items.length, 'items'), 10);
  if (items.some((item) => typeof item !== 'number')) {
    callback(new TypeError('items must be numbers'));
    return;
  }
  callback(null, { count: items.length, total: items.reduce((sum, n) => sum + n, 0) });
};
