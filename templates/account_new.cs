<?cs include:"account_fields.cs" ?>
<?cs def:content() ?>
<p><a href="/accounts">All accounts</a></p>
<h1>New account</h1>
<?cs if:!Customer.Code ?>
<form method="get" action="/accounts/new" class="filters" role="search">
  <div>
    <label for="q">Find the customer <span class="hint">(code, name, email or phone)</span></label>
    <input id="q" name="q" type="search" value="<?cs var:Search.q ?>">
  </div>
  <button type="submit">Search</button>
</form>
<?cs /if ?>
<form method="post" action="/accounts" class="wide" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <input type="hidden" name="q" value="<?cs var:Search.q ?>">
  <fieldset class="group"<?cs if:Errors.customer ?> aria-describedby="customer-error"<?cs /if ?>>
    <legend>Customer</legend>
<?cs if:Errors.customer ?>
    <p class="field-error" id="customer-error"><?cs var:Errors.customer ?></p>
<?cs /if ?>
<?cs if:Customer.Code ?>
    <input type="hidden" name="customer" value="<?cs var:Customer.Code ?>">
    <p><strong><?cs var:Customer.Code ?></strong> <?cs var:Customer.Name ?><?cs if:Customer.Email ?> <span class="hint"><?cs var:Customer.Email ?></span><?cs /if ?></p>
    <p><a href="/accounts/new">Choose another customer</a></p>
<?cs else ?>
<?cs if:subcount(Matches) > 0 ?>
    <p>Customers that match:</p>
<?cs each:m = Matches ?>
    <label class="check"><input type="radio" name="customer" value="<?cs var:m.Code ?>"> <strong><?cs var:m.Code ?></strong> <?cs var:m.Name ?><?cs if:m.Email ?> <span class="hint"><?cs var:m.Email ?></span><?cs /if ?><?cs if:m.Phone ?> <span class="hint"><?cs var:m.Phone ?></span><?cs /if ?></label>
<?cs /each ?>
    <p class="hint">Or, for a customer who is not there yet, enter them below.</p>
<?cs elif:Search.Done ?>
    <p class="notice" role="status">No customer matches “<?cs var:Search.q ?>”. Add them here; the customer and the account are saved together.</p>
<?cs else ?>
    <p class="hint">Search for the customer above, or enter a new customer here.</p>
<?cs /if ?>
<?cs call:acct_text("customer_name", "New customer's name", "", "text") ?>
<?cs call:acct_text("customer_email", "New customer's email", "(optional)", "email") ?>
<?cs call:acct_text("customer_phone", "New customer's phone", "(optional)", "tel") ?>
<?cs /if ?>
  </fieldset>
<?cs call:acct_fields() ?>
<?cs include:"approval.cs" ?>
  <div class="form-actions">
    <button type="submit">Create account</button>
  </div>
</form>
<?cs /def ?>
