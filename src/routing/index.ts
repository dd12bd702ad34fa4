export { buildRouteTable, orderDeployments, allowedDeployments, restrictRoutes, type Route, type RouteTable } from './route-table.js';
