/* Russian month names and number format for Plotly charts; the page language (<html lang>) picks the locale.
   Load right after vendor/plotly/plotly.min.js. */
(function () {
  if (typeof Plotly === "undefined") return;
  Plotly.register({
    moduleType: "locale",
    name: "ru",
    dictionary: {},
    format: {
      days: ["Воскресенье", "Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота"],
      shortDays: ["Вс", "Пн", "Вт", "Ср", "Чт", "Пт", "Сб"],
      months: ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь",
               "Ноябрь", "Декабрь"],
      shortMonths: ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
      date: "%d.%m.%Y",
      decimal: ",",
      thousands: "\u00a0"
    }
  });
  const lang = (document.documentElement.lang || "ru").slice(0, 2);
  Plotly.setPlotConfig({locale: lang === "ru" ? "ru" : "en"});
})();
