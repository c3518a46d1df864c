// Sortable insights tables: press a header to sort by it, again to reverse.
import { nextDirection, order } from "./insights_sort.js";

for (const table of document.querySelectorAll("table.ik-sortable")) {
  table.addEventListener("click", (event) => {
    const button = event.target.closest("button.ik-sort");
    if (!button) return;
    const th = button.closest("th");
    const column = Number(button.dataset.column);
    const numeric = button.dataset.numeric === "1";
    const direction = nextDirection(th.getAttribute("aria-sort"));
    for (const other of table.querySelectorAll("th")) other.setAttribute("aria-sort", "none");
    th.setAttribute("aria-sort", direction);
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const values = rows.map((row) => row.cells[column].dataset.sort);
    for (const index of order(values, numeric, direction)) body.appendChild(rows[index]);
  });
}
