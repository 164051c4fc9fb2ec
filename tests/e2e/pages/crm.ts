// A "CRM" contact list for the recognition e2e test and benchmark: names, emails and phone
// numbers in a table, some of them known customers of the test workspace (the test creates
// those). Also text that must never be marked: a form field, a hidden row, a script. "Add
// contact" appends a row later (the content script rescans after DOM changes). A web component,
// <contact-card>, shows one more contact inside its open shadow root.
document.title = 'crm';
const contacts: [string, string, string][] = [
  ['Ann Lee', 'Ann.Lee@Example.com', '+1 212 555 0142'],
  ['Bob Stone', 'bob.stone@example.org', '+44 (0)20 7946-0958'],
  ['Carol Diaz', 'carol@example.net', '+33 1 23 45 67 89'],
  ['Dave Kim', 'dave@example.com', '+49 30 1234567'],
  ['Erin Wu', 'erin@example.com', '0046 8 123 456 78'],
  ['Frank Ho', 'frank@example.com', '+1 (415) 555-0199'],
  ['Mallory', 'mallory@example.com', '+61 2 9876 5432'],
  ['Grace Park', 'grace@example.com', '+81 3-1234-5678'],
  ['Heidi Li', 'heidi@example.com', '+34 912 345 678'],
  ['Ivan Petrov', 'ivan@example.com', '020 7946 0000'],
];

const heading = document.createElement('h1');
heading.textContent = 'Contacts';
const table = document.createElement('table');
table.id = 'contacts';
for (const row of contacts) {
  const tr = table.insertRow();
  for (const cell of row) tr.insertCell().textContent = cell;
}
const search = document.createElement('input');
search.id = 'search';
search.value = 'bob.stone@example.org';
const hidden = document.createElement('div');
hidden.style.display = 'none';
hidden.textContent = 'Archived: carol@example.net';
const script = document.createElement('script');
script.type = 'application/json';
script.textContent = '{"owner": "ann.lee@example.com"}';
const add = document.createElement('button');
add.id = 'add';
add.textContent = 'Add contact';
add.addEventListener('click', () => {
  const tr = table.insertRow();
  for (const cell of ['Judy Late', 'judy@example.com', '+39 06 1234 5678']) {
    tr.insertCell().textContent = cell;
  }
});
class ContactCard extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const line = document.createElement('p');
    line.textContent = 'Featured contact: Kim Shadow, Kim.Shadow@Example.com';
    root.append(line);
  }
}
customElements.define('contact-card', ContactCard);
const featured = document.createElement('contact-card');
document.body.append(heading, search, table, featured, hidden, script, add);
document.documentElement.dataset.ready = 'true';
