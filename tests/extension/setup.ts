import 'fake-indexeddb/auto';
// The fake browser's commands.onCommand throws; the background listens to it (see the file).
import './fake-commands';
