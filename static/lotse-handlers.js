/* The handlers the templates declare with data- attributes, since the Content-Security-Policy
   (crm/security_headers.py) runs no inline onclick= and no javascript: link:
   data-confirm (a button or form asks first), data-action (a bulk action of a list),
   data-inline-add (a child row in a form), data-print, data-select-on-focus,
   data-submit-on-change (a select that sends its form when chosen). */
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var target = event.target.closest('a, button');
    if (!target) { return; }
    if (target.matches('a[href^="javascript:"]')) { event.preventDefault(); }
    if (target.matches('button[data-confirm]') && !confirm(target.getAttribute('data-confirm'))) {
      event.preventDefault();
    } else if (target.hasAttribute('data-action')) {
      window.modelActions.execute(target.getAttribute('data-action'));
    } else if (target.hasAttribute('data-inline-add')) {
      window.faForm.addInlineField(target, target.getAttribute('data-inline-add'));
    } else if (target.hasAttribute('data-print')) {
      window.print();
    }
  }, true);  // capturing: before Bootstrap's menus, which stop the click from going further
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.matches('form[data-confirm]') && !confirm(form.getAttribute('data-confirm'))) {
      event.preventDefault();
    }
  });
  document.addEventListener('change', function (event) {
    if (event.target.matches('[data-submit-on-change]')) { event.target.form.submit(); }
  });
  document.addEventListener('focusin', function (event) {
    if (event.target.matches('[data-select-on-focus]')) { event.target.select(); }
  });
}());
