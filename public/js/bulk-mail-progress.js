// 一括メール配信's progress: while the campaign is still being sent, the page reloads itself every
// few seconds (a plain reload shows the same; without JavaScript the user presses 最新の状況に更新).
const progress = document.querySelector('[data-progress="running"]');
if (progress) setTimeout(() => window.location.reload(), 3000);
