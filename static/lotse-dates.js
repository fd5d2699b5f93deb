/* Lotse's date fields (data-role lotse-date / lotse-datetime, see crm/views/fields.py) get
   Flask-Admin's own calendar (daterangepicker 1.3 on moment), in the page's language, Monday
   first. What is typed is never rewritten: the calendar only follows a complete date, and
   only a click in the calendar writes into the field. */
(function () {
  'use strict';
  var script = document.currentScript;
  var german = (script && script.getAttribute('data-lang') || 'de').indexOf('de') === 0;
  var DAY = 'DD.MM.YYYY';
  var TYPED_DAY = ['D.M.YYYY', 'YYYY-MM-DD'];
  var TYPED_TIME = ['H:mm', 'H:mm:ss'];
  var ROLES = {
    'lotse-date': {format: DAY, typed: TYPED_DAY, timePicker: false},
    'lotse-datetime': {
      format: DAY + ' HH:mm',
      typed: TYPED_DAY.reduce(function (all, day) {
        return all.concat(TYPED_TIME.map(function (t) { return day + ' ' + t; }));
      }, ['YYYY-MM-DDTHH:mm']),
      timePicker: true
    }
  };
  var LOCALE = german ? {
    applyLabel: 'Übernehmen',
    cancelLabel: 'Abbrechen',
    weekLabel: 'KW',
    daysOfWeek: ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'],
    monthNames: ['Jan', 'Feb', 'Mär', 'Apr', 'Mai', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dez'],
    firstDay: 1
  } : {firstDay: 1};

  function followTyped(picker, kind) {
    var typed = moment(picker.element.val().trim().replace(/\s+/g, ' '), kind.typed, true);
    if (!typed.isValid()) return;
    picker.startDate = typed;
    picker.endDate = typed.clone();
    // As if applied: hiding the calendar then writes nothing back into the field.
    picker.oldStartDate = typed.clone();
    picker.oldEndDate = typed.clone();
    picker.updateView();
    picker.updateCalendars();
  }

  function attach($el, name) {
    var kind = ROLES[name];
    if (!kind) return false;
    $el.daterangepicker({
      singleDatePicker: true,
      showDropdowns: true,
      timePicker: kind.timePicker,
      timePicker12Hour: false,
      timePickerIncrement: 1,
      format: kind.format,
      locale: LOCALE
    });
    var picker = $el.data('daterangepicker');
    $el.off('keyup.daterangepicker').on('keyup.daterangepicker input.daterangepicker', function () {
      followTyped(picker, kind);
    });
    followTyped(picker, kind);
    return true;
  }

  $(document).on('adminFormReady', function () {
    window.faForm.addFieldConverter(attach);
  });
})();
