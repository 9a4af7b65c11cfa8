// Presses a button marked data-auto-submit once the page has loaded (e.g. the sign-out
// confirmation, so leaving an application leaves Med-Login in one step). Without JavaScript the
// user presses the button.
const button = document.querySelector('button[data-auto-submit]');
if (button instanceof HTMLButtonElement) button.click();
