import { addAfterField, exposeApi, scaffold, valueApi } from './page-api';

// A plain <textarea>.
const host = scaffold('textarea');
const field = document.createElement('textarea');
field.id = 'field';
field.rows = 6;
field.cols = 60;
host.append(field);
addAfterField();
exposeApi(valueApi(field));
