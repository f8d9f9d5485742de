// Lists the tasks from the backend; shows the HTTP error when the backend (or its database) is down.
const el = document.getElementById("tasks");
fetch("/api/tasks")
  .then(async (res) => {
    if (!res.ok) throw new Error(`backend answered ${res.status} ${res.statusText}`);
    const tasks = await res.json();
    el.innerHTML = `<ul>${tasks.map((t) => `<li>${t.done ? "✅" : "⬜"} ${t.title}</li>`).join("")}</ul>`;
  })
  .catch((err) => {
    el.textContent = `Cannot load tasks: ${err.message}`;
  });
