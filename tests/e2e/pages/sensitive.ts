import { exposeApi, namedApi, scaffold, valueApi } from './page-api';

// Fields the overlay must never touch: a password and a payment-card number.
const host = scaffold('password and card fields');
const form = document.createElement('form');
form.addEventListener('submit', (event) => event.preventDefault());
const password = document.createElement('input');
password.id = 'password';
password.type = 'password';
password.autocomplete = 'current-password';
const card = document.createElement('input');
card.id = 'card';
card.type = 'text';
card.name = 'cardnumber';
card.autocomplete = 'cc-number';
card.inputMode = 'numeric';
const after = document.createElement('input');
after.id = 'after';
form.append(password, card, after);
host.append(form);
exposeApi(namedApi({ password: valueApi(password), card: valueApi(card) }));
