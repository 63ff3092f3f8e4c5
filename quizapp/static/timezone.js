// The quiz form's dates are in the tutor's local time: send the browser's time zone with them
// (the server turns them into UTC; without this script they are taken as UK time).
document.querySelectorAll('input[name="zone"]').forEach(function (input) {
  try {
    input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || input.value;
  } catch (e) { /* an old browser: UK time */ }
});
