import '../../assets/base.css';
import { startPage } from '../../components/common/startPage';
import App from './App.vue';

void startPage(App);
