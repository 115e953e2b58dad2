// Live updates of the execution page: polls /executions/<id>/live every 2 s and replaces the stage,
// fold and diagram parts in place; stops once the execution has ended.
(function () {
  var root = document.getElementById('execution');
  if (!root) { return; }
  var id = root.getAttribute('data-id');
  var timer = null;
  function apply(data) {
    ['stages', 'folds', 'diagram', 'summary', 'actions', 'notice'].forEach(function (part) {
      var el = document.getElementById(part);
      if (el && typeof data[part] === 'string' && el.innerHTML !== data[part]) { el.innerHTML = data[part]; }
    });
    root.setAttribute('data-status', data.status);
    if (data.terminal && timer) { clearInterval(timer); timer = null; }
  }
  function poll() {
    fetch('/executions/' + encodeURIComponent(id) + '/live', {credentials: 'same-origin'})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d) { apply(d); } })
      .catch(function () { /* a missed poll is retried on the next tick */ });
  }
  if (root.getAttribute('data-terminal') !== 'true') { timer = setInterval(poll, 2000); }
})();
