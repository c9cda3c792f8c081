<?cs include:"account_badges.cs" ?>
<?cs def:content() ?>
<h1>Accounts</h1>
<?cs if:Form.Created ?>
<p class="notice" role="status">The new accounts were created: <?cs var:Form.Created ?>.</p>
<?cs /if ?>
<?cs if:Can.Add ?>
<div class="actions">
  <a class="button" href="/accounts/new">New account</a>
  <a href="/accounts/batch">Several accounts at once</a>
</div>
<?cs /if ?>
<form method="get" action="/accounts" class="filters" role="search">
  <div>
    <label for="f-q">Search <span class="hint">(account number, or the customer's code, name, email or phone)</span></label>
    <input id="f-q" name="q" type="search" value="<?cs var:Filter.q ?>">
  </div>
  <div>
    <label for="f-status">Status</label>
    <select id="f-status" name="status">
      <option value="">Any</option>
      <option value="active"<?cs if:Filter.status == "active" ?> selected<?cs /if ?>>Active</option>
      <option value="inactive"<?cs if:Filter.status == "inactive" ?> selected<?cs /if ?>>Inactive</option>
    </select>
  </div>
  <label class="check"><input type="checkbox" name="hold" value="1"<?cs if:Filter.hold ?> checked<?cs /if ?>> On hold</label>
  <label class="check"><input type="checkbox" name="over" value="1"<?cs if:Filter.over ?> checked<?cs /if ?>> Over limit</label>
  <label class="check"><input type="checkbox" name="pay_later" value="1"<?cs if:Filter.pay_later ?> checked<?cs /if ?>> Pay later</label>
  <label class="check"><input type="checkbox" name="due" value="1"<?cs if:Filter.due ?> checked<?cs /if ?>> Statement due (within 7 days)</label>
  <button type="submit">Filter</button>
</form>
<?cs if:subcount(Accounts) == 0 ?>
<p class="note">No accounts match.</p>
<?cs else ?>
<table class="list">
  <thead>
    <tr>
      <th scope="col">Account</th>
      <th scope="col">Customer</th>
      <th scope="col">Status</th>
      <th scope="col" class="num">Balance</th>
      <th scope="col" class="num">Credit limit</th>
      <th scope="col" class="num">Available</th>
    </tr>
  </thead>
  <tbody>
<?cs each:a = Accounts ?>
    <tr>
      <td><a href="/accounts/<?cs var:a.Number ?>"><?cs var:a.Number ?></a></td>
      <td><?cs var:a.CustomerCode ?> <?cs var:a.CustomerName ?></td>
      <td><?cs call:acct_badges(a) ?></td>
      <td class="num"><?cs var:a.Balance ?></td>
      <td class="num"><?cs var:a.Limit ?></td>
      <td class="num"><?cs var:a.Available ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs include:"pager.cs" ?>
<?cs /def ?>
