// widget.js: the one file a business adds to its pages. Built as an IIFE; its one global is
// window.Rapport (identify), defined when the widget installs.
import { installWidget } from './loader/install';

installWidget(window);
