/* The criteria of the Verteiler screen (templates/admin/mailing/index.html): each list of
   values as a select2 box with the values chosen shown as tags, searchable as people type. */
(function () {
  'use strict';
  $('select[data-role=lotse-criterion]').each(function () {
    $(this).select2({theme: 'bootstrap4', width: '100%', placeholder: $(this).data('placeholder')});
  });
})();
