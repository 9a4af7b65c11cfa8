// 場所の近くで探す: 「現在地を使う」 fills the form's latitude and longitude from the browser's location.
// Without JavaScript (or without geolocation) the button stays hidden and both are typed.
for (const part of document.querySelectorAll('[data-near-me]')) {
  const button = part.querySelector('[data-near-me-button]');
  const status = part.querySelector('[data-near-me-status]');
  const lat = part.querySelector('input[name="lat"]');
  const lon = part.querySelector('input[name="lon"]');
  if (!(button instanceof HTMLButtonElement) || !(lat instanceof HTMLInputElement) || !(lon instanceof HTMLInputElement) || !('geolocation' in navigator)) {
    continue;
  }
  const say = (text) => {
    if (status) status.textContent = text ?? '';
  };
  button.hidden = false;
  button.addEventListener('click', () => {
    say(button.dataset.locating);
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        lat.value = position.coords.latitude.toFixed(6);
        lon.value = position.coords.longitude.toFixed(6);
        button.disabled = false;
        say(button.dataset.located);
      },
      () => {
        button.disabled = false;
        say(button.dataset.failed);
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
    );
  });
}
