export { buildRouteTable, orderDeployments, allowedDeployments, type Route, type RouteTable } from './route-table.js';
