// Shop on Azure: one resource group holding a Flex Consumption function app that runs the app as a
// .NET isolated worker with Durable Functions, its storage account (identity-based, no shared keys), a user-assigned identity,
// Key Vault (RBAC) for secrets, and Log Analytics + Application Insights.
//
//   az deployment sub create --name shop-<env> --location <region> \
//     --template-file infra/main.bicep --parameters infra/main.parameters.json \
//     --parameters environmentName=<env> location=<region> adminApiKey=<secret> ...
//
// See docs/deploy.md. The real `bicep build` / `az deployment sub what-if` is the authoritative check.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Name of the environment, e.g. shop-prod. Feeds the resource token and the default resource names.')
param environmentName string

@minLength(1)
@description('Region of every resource. It must offer Flex Consumption: az functionapp list-flexconsumption-locations -o table.')
param location string

@description('Extra tags for every resource.')
param tags object = {}

// Every name can be overridden; empty means the default <abbreviation>-<resourceToken>.
@description('Resource group name. Default: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Function app name (becomes <name>.azurewebsites.net). Default: func-shop-<token>.')
param functionAppName string = ''

@description('Flex Consumption plan name. Default: plan-shop-<token>.')
param functionPlanName string = ''

@maxLength(24)
@description('Storage account name (3-24 lowercase letters and digits). Default: stshop<token>.')
param storageAccountName string = ''

@maxLength(24)
@description('Key Vault name (3-24 characters). Default: kv-shop-<token>.')
param keyVaultName string = ''

@description('User-assigned managed identity name. Default: id-shop-<token>.')
param identityName string = ''

@description('Log Analytics workspace name. Default: log-shop-<token>.')
param logAnalyticsName string = ''

@description('Application Insights name. Default: appi-shop-<token>.')
param applicationInsightsName string = ''

@description('Static Web App name (serves the storefront and the ops console). Default: stapp-shop-<token>.')
param staticWebAppName string = ''

@description('Service Bus namespace for integration events; default sb-shop-<token>. Leave serviceBus on for events to leave the app.')
param serviceBusNamespaceName string = ''

@description('Publish integration events to Service Bus (a Standard namespace, about 10 USD a month). Off: events go to a Storage queue.')
param serviceBus bool = true

@description('Stripe publishable key (pk_live_… or pk_test_…) for the storefront\'s Payment Element; empty with the simulated gateway.')
param stripePublishableKey string = ''

// Static Web Apps are offered in a few regions only; the content is served from Azure's edge everywhere.
@allowed([ 'westus2', 'centralus', 'eastus2', 'westeurope', 'eastasia' ])
@description('Region of the Static Web App resource.')
param staticWebAppLocation string = 'westeurope'

@allowed([512, 2048, 4096])
@description('Memory of each Flex Consumption instance, in MB.')
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
@description('Upper bound of the instances the app scales out to (Flex Consumption accepts 40 to 1000).')
param maximumInstanceCount int = 40

@description('Object id of the user or group that deploys: gets Key Vault Secrets Officer to set and rotate secrets. Empty: no assignment.')
param deployerPrincipalId string = ''

@allowed(['User', 'Group', 'ServicePrincipal'])
@description('The kind of principal deployerPrincipalId is.')
param deployerPrincipalType string = 'User'

// The shop's identity in e-mails and where alerts go.
@description('The shop\'s name in every e-mail (Email__ShopName).')
param shopName string = 'Shop'

@description('The support address every e-mail shows (Email__SupportAddress).')
param supportEmailAddress string = 'support@shop.example'

@description('The storefront\'s public address for links in emails (OrderWorkflow__PublicBaseUrl). Empty: the function app\'s default host.')
param publicBaseUrl string = ''

@description('The carrier\'s tracking page, with {carrier} and {trackingNumber} placeholders (Carrier__TrackingUrlTemplate).')
param carrierTrackingUrlTemplate string = 'https://track.example.com/{carrier}/{trackingNumber}'

@description('Where ops alerts go: reorder points, stuck orders, anomalies (Email__OpsAddress).')
param opsEmailAddress string = 'ops@shop.example'

@description('The sender address, verified in SendGrid; required once the SendGrid key is set. Empty: the support address.')
param emailFromAddress string = ''

@description('Seed the demo catalog on first start when the catalog is empty (Catalog__SeedDemoData). Off in production.')
param seedDemoCatalog bool = false

@description('Settings that replace the defaults in `appSettings` below, e.g. { "Pricing__Currency": "EUR", "Pricing__TaxRates__DE": "0.19" }.')
param appSettingOverrides object = {}

@description('Storage queues to create up front (the app also creates the queues it sends to on first use).')
param queueNames array = []

@description('Storage tables to create up front (the app also creates its tables on first use).')
param tableNames array = []

// Secrets: written to Key Vault when given. An empty value leaves the secret as it is in the vault, so a
// redeploy never erases a value set with `az keyvault secret set`.
@secure()
@minLength(32)
@description('The admin API key (header X-Admin-Key). At least 32 characters, e.g. openssl rand -base64 32.')
param adminApiKey string

@secure()
@description('Stripe secret key (sk_live_... or sk_test_...).')
param stripeSecretKey string = ''

@secure()
@description('Stripe webhook signing secret (whsec_...) of the endpoint https://<host>/api/webhooks/stripe.')
param stripeWebhookSecret string = ''

@secure()
@description('SendGrid API key.')
param sendGridApiKey string = ''

@secure()
@description('The secret that signs review links (in the review-request e-mails), e.g. openssl rand -base64 32.')
param reviewTokenSecret string = ''

@secure()
@description('The secret that signs unsubscribe links (in every marketing e-mail), e.g. openssl rand -base64 32.')
param unsubscribeSecret string = ''

@secure()
@description('Shared secret the carrier signs its webhook calls (https://<host>/api/webhooks/carrier) with.')
param carrierWebhookSecret string = ''

@secure()
@description('The secret that signs return tokens (the return link in the delivered e-mail), e.g. openssl rand -base64 32.')
param returnTokenSecret string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var allTags = union(tags, { 'azd-env-name': environmentName, application: 'shop' })

var names = {
  resourceGroup: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  functionApp: !empty(functionAppName) ? functionAppName : 'func-shop-${resourceToken}'
  functionPlan: !empty(functionPlanName) ? functionPlanName : 'plan-shop-${resourceToken}'
  storageAccount: !empty(storageAccountName) ? storageAccountName : 'stshop${resourceToken}'
  keyVault: !empty(keyVaultName) ? keyVaultName : 'kv-shop-${resourceToken}'
  identity: !empty(identityName) ? identityName : 'id-shop-${resourceToken}'
  logAnalytics: !empty(logAnalyticsName) ? logAnalyticsName : 'log-shop-${resourceToken}'
  applicationInsights: !empty(applicationInsightsName) ? applicationInsightsName : 'appi-shop-${resourceToken}'
  staticWebApp: !empty(staticWebAppName) ? staticWebAppName : 'stapp-shop-${resourceToken}'
  serviceBus: !empty(serviceBusNamespaceName) ? serviceBusNamespaceName : 'sb-shop-${resourceToken}'
}

// The storefront's public address (email links, the bank's 3-D Secure return): the parameter, else the function app.
var storefrontBaseUrl = !empty(publicBaseUrl) ? publicBaseUrl : 'https://${names.functionApp}.azurewebsites.net/'

// The blob container Flex Consumption deploys the app package to.
var deploymentContainerName = 'app-package-${take(toLower(names.functionApp), 32)}-${take(resourceToken, 7)}'

// ---------------------------------------------------------------------------------------------------------
// The app's settings: EVERY setting the app reads is listed here or in `secretSettings` (a test enumerates the
// app's settings and fails naming any that is missing). Host-level settings (storage connection, Application
// Insights) are added by infra/app/function-app.bicep. Values are strings.
// ---------------------------------------------------------------------------------------------------------
var appSettings = {
  ASPNETCORE_ENVIRONMENT: 'Production'
  Hosting__LocalTriggers: 'false'
  Hosting__MaxRequestBodyBytes: '1048576'
  Telemetry__Exporter: 'none'
  Telemetry__ServiceName: 'shop'
  Catalog__ProductsTable: 'products'
  Catalog__SeedDemoData: seedDemoCatalog ? 'true' : 'false'
  Catalog__LowStockThreshold: '5'
  Catalog__DisplayCacheSeconds: '2'
  Inventory__StockTable: 'stock'
  Inventory__HoldsTable: 'stockholds'
  Inventory__MaxConcurrencyAttempts: '50'
  Inventory__DisplayCacheSeconds: '2'
  Carts__Table: 'carts'
  Carts__ExpiryDays: '7'
  Carts__MaxConcurrencyAttempts: '20'
  Reviews__Table: 'reviews'
  Reviews__TokenLifetime: '60.00:00:00'
  ReviewRequests__FirstRequestAfter: '7.00:00:00'
  ReviewRequests__FirstReminderAfter: '5.00:00:00'
  ReviewRequests__SecondReminderAfter: '10.00:00:00'
  Marketing__SuppressionTable: 'suppressions'
  AbandonedCarts__InactiveFor: '01:00:00'
  AbandonedCarts__SecondReminderAfter: '1.00:00:00'
  // Prices, shipping and tax: a US shop by default. Pricing__TaxRates__<region> entries go in appSettingOverrides.
  Pricing__Currency: 'USD'
  Pricing__HomeCountry: 'US'
  Pricing__RegionalCountries: 'CA,MX'
  Pricing__DomesticShippingBase: '5.99'
  Pricing__DomesticShippingPerKg: '1.00'
  Pricing__RegionalShippingBase: '14.99'
  Pricing__RegionalShippingPerKg: '4.00'
  Pricing__InternationalShippingBase: '29.99'
  Pricing__InternationalShippingPerKg: '9.00'
  Pricing__FreeShippingThreshold: '75'
  Pricing__FreeShippingZones: 'Domestic'
  Pricing__TaxShipping: 'false'
  // Stripe: the keys are Key Vault references (secretSettings); an empty ApiBase means api.stripe.com.
  Stripe__ApiBase: ''
  // Stripe.js's publishable key (pk_…): public by design, so a plain setting, not a Key Vault secret.
  Stripe__PublishableKey: stripePublishableKey
  Stripe__WebhookToleranceSeconds: '300'
  Stripe__MaxNetworkRetries: '2'
  Stripe__RequestTimeout: '00:01:20'
  // Where the bank's 3-D Secure page sends the shopper back: the storefront's order page.
  Stripe__ReturnUrl: '${storefrontBaseUrl}#/orders/{orderId}'
  Payments__LedgerTable: 'simulatedpayments'
  Payments__CaptureWindow: '7.00:00:00'
  Payments__IdempotencyWaitTimeout: '00:00:10'
  Payments__IdempotencyLease: '00:00:30'
  // SendGrid: the key is a Key Vault reference; an empty Host means api.sendgrid.com.
  SendGrid__FromAddress: !empty(emailFromAddress) ? emailFromAddress : supportEmailAddress
  SendGrid__FromName: shopName
  SendGrid__Host: ''
  SendGrid__MaxRetries: '3'
  SendGrid__RetryBaseDelay: '00:00:01'
  SendGrid__MaxRetryDelay: '00:00:30'
  SendGrid__RequestTimeout: '00:00:30'
  SendGrid__SentTable: 'emailsent'
  Email__ShopName: shopName
  Email__SupportAddress: supportEmailAddress
  Email__OpsAddress: opsEmailAddress
  Email__OutboxContainer: 'outbox'
  // The queue the RetryEmail function reads (%Email__RetryQueue%), stated once in local.settings.sample.json.
  Email__RetryQueue: loadJsonContent('../local.settings.sample.json', '$.Values.Email__RetryQueue')
  Email__FirstRetryDelay: '00:00:30'
  Email__MaxRetryDelay: '00:15:00'
  Email__RetryFor: '1.00:00:00'
  // Durable Functions' task hub (host.json: extensions.durableTask.hubName is %Durable__TaskHub%).
  Durable__TaskHub: 'shop'
  // How long finished instances are kept: the PurgeFinishedInstances timer purges older ones through Durable Functions.
  Durable__Retention: loadJsonContent('../local.settings.sample.json', '$.Values.Durable__Retention')
  OrderStore__OrdersTable: 'orders'
  OrderStore__CachedOrders: '10000'
  OrderStore__ViewCacheSeconds: '1'
  Orders__SupportedCountries: 'US,CA,MX,GB,DE,FR,NL'
  Orders__MaxOrderValue: '5000'
  Orders__HighRiskCountries: ''
  Orders__MaxOrdersPerEmailPerHour: '5'
  OrderWorkflow__PaymentActionTimeout: '00:15:00'
  OrderWorkflow__ShipmentSla: '2.00:00:00'
  OrderWorkflow__ShipmentHardLimit: '7.00:00:00'
  OrderWorkflow__DeliveryTimeout: '30.00:00:00'
  OrderWorkflow__CaptureSafetyMargin: '1.00:00:00'
  OrderWorkflow__MaxStepAttempts: '60'
  OrderWorkflow__FirstRetryInterval: '00:00:02'
  OrderWorkflow__MaxRetryInterval: '00:05:00'
  OrderWorkflow__StartVersion: '0'
  OrderWorkflow__PublicBaseUrl: storefrontBaseUrl
  Checkout__RequestsTable: 'checkouts'
  Fulfillment__Table: 'fulfillment'
  Webhooks__EventsTable: 'webhookevents'
  Carrier__TrackingUrlTemplate: carrierTrackingUrlTemplate
  Carrier__WebhookToleranceSeconds: '300'
  Returns__Table: 'returns'
  Returns__Window: '30.00:00:00'
  Returns__TokenLifetime: '60.00:00:00'
  Returns__AutoApproveReasons: 'wrong_item,not_as_described,no_longer_needed'
  Returns__AutoApproveMaxAmount: '200'
  Returns__ApprovalReminder: '1.00:00:00'
  Returns__ApprovalTimeout: '3.00:00:00'
  Returns__ParcelReminder: '7.00:00:00'
  Returns__ParcelTimeout: '14.00:00:00'
  Returns__RefundBusinessDays: '2'
  Returns__BusinessDays: 'Mon,Tue,Wed,Thu,Fri'
  Returns__Holidays: ''
  Returns__InspectionAlertLead: '1.00:00:00'
  Returns__PhotosContainer: 'returnphotos'
  Returns__MaxPhotoBytes: '1048576'
  Returns__WarehouseAddress: 'Shop Returns, 100 Warehouse Way, Springfield, IL 62701, US'
  Disputes__Table: 'disputes'
  Disputes__EvidenceWithin: '1.00:00:00'
  // Each timer schedule is stated once, in local.settings.sample.json (the %Jobs__...% its function reads); Azure
  // gets the same value.
  Jobs__HoldSweepSchedule: loadJsonContent('../local.settings.sample.json', '$.Values.Jobs__HoldSweepSchedule')
  Jobs__StalledOrderSchedule: loadJsonContent('../local.settings.sample.json', '$.Values.Jobs__StalledOrderSchedule')
  Jobs__StockDriftSchedule: loadJsonContent('../local.settings.sample.json', '$.Values.Jobs__StockDriftSchedule')
  Jobs__PurgeSchedule: loadJsonContent('../local.settings.sample.json', '$.Values.Jobs__PurgeSchedule')
  Jobs__ReorderSchedule: loadJsonContent('../local.settings.sample.json', '$.Values.Jobs__ReorderSchedule')
  Jobs__WeeklyMetricsSchedule: loadJsonContent('../local.settings.sample.json', '$.Values.Jobs__WeeklyMetricsSchedule')
  Reorder__Table: 'reorder'
  // The queue the CheckReorderPoint function reads (%Reorder__Queue%), stated once in local.settings.sample.json.
  Reorder__Queue: loadJsonContent('../local.settings.sample.json', '$.Values.Reorder__Queue')
  Reorder__VelocityWindowDays: '28'
  Reorder__CoverDays: '14'
  Reorder__SafetyStockDays: '7'
  Reorder__SlowMoverDays: '90'
  Metrics__Table: 'metrics'
  Metrics__BaselineWeeks: '8'
  Metrics__MinBaselineWeeks: '3'
  Metrics__AnomalyThreshold: '0.5'
  Metrics__SlaMissThreshold: '0.05'
  // Integration events: the Service Bus topic (managed identity) when the namespace is deployed, else a Storage queue.
  Events__ServiceBusNamespace: serviceBus ? '${names.serviceBus}.servicebus.windows.net' : ''
  // Empty: the app uses the identity of the storage connection (AzureWebJobsStorage__clientId), the app's identity.
  Events__ServiceBusClientId: ''
  Events__Topic: 'shop-events'
  Events__Queue: 'integration-events'
  Events__Source: 'urn:shop:${environmentName}'
}

// Settings whose values are secrets: setting name -> Key Vault secret name. Each becomes
// @Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<secret>/), resolved by the platform
// with the app's user-assigned identity.
var secretSettings = {
  Admin__ApiKey: 'admin-api-key'
  Stripe__SecretKey: 'stripe-secret-key'
  Stripe__WebhookSecret: 'stripe-webhook-secret'
  Reviews__TokenSecret: 'review-token-secret'
  Marketing__UnsubscribeSecret: 'unsubscribe-secret'
  SendGrid__ApiKey: 'sendgrid-api-key'
  Carrier__WebhookSecret: 'carrier-webhook-secret'
  Returns__TokenSecret: 'return-token-secret'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: names.resourceGroup
  location: location
  tags: allTags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: allTags
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storageAccount
    location: location
    tags: allTags
    deploymentContainerName: deploymentContainerName
    queueNames: queueNames
    tableNames: tableNames
  }
}

module keyVault 'core/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    // Secret name -> value; the names match `secretSettings` above.
    secretValues: {
      'admin-api-key': adminApiKey
      'stripe-secret-key': stripeSecretKey
      'stripe-webhook-secret': stripeWebhookSecret
      'review-token-secret': reviewTokenSecret
      'unsubscribe-secret': unsubscribeSecret
      'sendgrid-api-key': sendGridApiKey
      'carrier-webhook-secret': carrierWebhookSecret
      'return-token-secret': returnTokenSecret
    }
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
  }
}

module serviceBusNamespace 'core/servicebus.bicep' = if (serviceBus) {
  name: 'servicebus'
  scope: rg
  params: {
    name: names.serviceBus
    location: location
    tags: allTags
    topicName: 'shop-events'
    principalId: identity.outputs.principalId
  }
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: names.functionApp
    planName: names.functionPlan
    location: location
    tags: allTags
    identityName: identity.outputs.name
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appSettings: union(appSettings, appSettingOverrides)
    keyVaultSecretNames: secretSettings
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  // The identity must hold its roles before the host first reads storage and Key Vault.
  dependsOn: [
    rbac
    serviceBusNamespace
  ]
}

module staticWeb 'app/static-web.bicep' = {
  name: 'static-web'
  scope: rg
  params: {
    name: names.staticWebApp
    location: staticWebAppLocation
    tags: allTags
    functionAppName: functionApp.outputs.name
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_DEFAULT_HOST_NAME string = functionApp.outputs.defaultHostName
output FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output KEY_VAULT_NAME string = keyVault.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output STATIC_WEB_APP_NAME string = staticWeb.outputs.name
output STATIC_WEB_APP_URL string = 'https://${staticWeb.outputs.defaultHostName}'
