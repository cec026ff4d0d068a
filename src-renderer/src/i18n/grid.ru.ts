/** Russian strings of the session grid: its name and keys, pinning, density, the selection bar (ru.ts `grid`). */
export const gridRu = {
  label: 'Сеансы',
  keysHint:
    'Стрелки — переход между сеансами, Пробел или Enter — выделить, Shift+стрелки — расширить выделение, Ctrl+A — выделить все, Delete — завершить, Shift+F10 — меню сеанса, Esc — снять выделение.',
  empty: 'Нет сеансов',
  actionsFor: 'Действия с сеансом {n} ({user})',
  pin: 'Закрепить',
  pinHint: 'Держать колонку слева при прокрутке',
  unpin: 'Открепить',
  density: 'Строки',
  comfortable: 'Обычные',
  compact: 'Компактные',
  selectionBar: 'Выделенные сеансы',
  details: 'Подробно',
  interrupt: 'Прервать текущий вызов',
  terminate: 'Завершить…',
  clear: 'Снять выделение',
  oneOnly: 'Для этого выделите один сеанс.',
  trend: 'Тренд (30 мин)',
  trendLabel: 'Процессор {cpu}, память {memory} за 30 мин (последние значения)',
  trendNone: 'Нет истории этого сеанса за последние 30 минут',
}
