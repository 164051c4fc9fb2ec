import { addAfterField, exposeApi, scaffold, valueApi } from './page-api';

// A plain text <input>.
const host = scaffold('input');
const field = document.createElement('input');
field.id = 'field';
field.type = 'text';
field.size = 60;
host.append(field);
addAfterField();
exposeApi(valueApi(field));
