// widget.js: the one file a business adds to its pages. Built as an IIFE, so it defines no globals.
import { installWidget } from './loader/install';

installWidget(window);
